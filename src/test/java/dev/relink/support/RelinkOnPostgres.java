package dev.relink.support;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

import dev.relink.RelinkApplication;

/** The whole app (local profile) on an embedded PostgreSQL, with ports and a data directory of its own. */
public final class RelinkOnPostgres {

    private RelinkOnPostgres() {
    }

    /** Starts Relink on {@code postgres}; {@code settings} are more {@code --key=value} arguments. */
    public static ConfigurableApplicationContext start(EmbeddedPostgres postgres, String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + TestSocketUtils.findAvailableTcpPort(),
                "--relink.sandbox.smtp-port=" + TestSocketUtils.findAvailableTcpPort(),
                "--relink.data-dir=" + TempDirectories.create("relink-pg-"),
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password="));
        args.addAll(Arrays.asList(settings));
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("local").run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("local.server.port", Integer.class);
    }
}
