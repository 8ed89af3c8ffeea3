package dev.relink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL (zonky) for the whole test JVM, started on first use and stopped when the JVM
 * ends; every caller gets a database of its own in it, so tests share the server's start-up and never
 * each other's rows. A test that stops its server (a database outage) starts its own instead.
 */
public final class SharedPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    /** A database in the shared server: its name, JDBC URL (user postgres, no password) and a DataSource. */
    public record Database(String name, String jdbcUrl, DataSource dataSource) {
    }

    /** A new empty database, owned by {@code postgres}. */
    public static Database freshDatabase() {
        String name = "relink_" + DATABASES.incrementAndGet();
        execute("create database " + name);
        return new Database(name, server().getJdbcUrl("postgres", name), server().getDatabase("postgres", name));
    }

    /** Runs one statement in the server's {@code postgres} database (roles, databases). */
    public static void execute(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // the replicas' pools of several apps at once, with room to spare
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is ending; its temporary directory goes with it
                }
            }, "shared-postgres-stop"));
        }
        return server;
    }
}
