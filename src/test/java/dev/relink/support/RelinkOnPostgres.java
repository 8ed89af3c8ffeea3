package dev.relink.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.RelinkApplication;

/**
 * The whole app (local profile) on PostgreSQL, with ports and a data directory of its own: on a fresh
 * database of the {@link SharedPostgres} server, or on a server of the test's own (one it stops).
 */
public final class RelinkOnPostgres {

    /**
     * Closing an app a test started need not wait production's 20 s for the exchanges still in flight (with the
     * database gone, every route has one); route edits, which wait for them too, are tested on the cached
     * contexts, which keep the production value.
     */
    static final String QUICK_CLOSE = "--camel.main.shutdown-timeout=2";

    private RelinkOnPostgres() {
    }

    /** Starts Relink on {@code database}; {@code settings} are more {@code --key=value} arguments. */
    public static ConfigurableApplicationContext start(SharedPostgres.Database database, String... settings) {
        return start(database.jdbcUrl(), settings);
    }

    /** Starts Relink on the {@code postgres} database of a server of the test's own. */
    public static ConfigurableApplicationContext start(EmbeddedPostgres postgres, String... settings) {
        return start(postgres.getJdbcUrl("postgres", "postgres"), settings);
    }

    private static ConfigurableApplicationContext start(String jdbcUrl, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + FreePorts.next(),
                "--relink.sandbox.smtp-port=" + FreePorts.next(),
                "--relink.data-dir=" + TempDirectories.create("relink-pg-"),
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                QUICK_CLOSE));
        args.addAll(Arrays.asList(settings));
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("local").run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("local.server.port", Integer.class);
    }
}
