package dev.relink.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.RelinkApplication;

/**
 * The whole app under the {@code prod} profile, as an operator starts it: every required setting given a
 * sound value (no emulator, no embedded mail server; Belvo and SMTP point at closed ports and the poll never
 * runs, so nothing leaves the machine), with a port and an H2 data directory of its own.
 */
public final class RelinkInProduction {

    public static final String API_KEY = "an-api-key-for-production-tests";
    public static final String OPS_USER = "ops";
    public static final String OPS_PASSWORD = "an-ops-password-for-production-tests";

    private RelinkInProduction() {
    }

    /** Starts it; {@code settings} are more {@code --key=value} arguments (each replaces ours of the same key). */
    public static ConfigurableApplicationContext start(String... settings) {
        int closed = FreePorts.next();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + FreePorts.next(),
                "--relink.data-dir=" + TempDirectories.create("relink-prod-"),
                "--relink.poll.cron=0 0 0 1 1 ? 2099",
                "--relink.belvo.base-url=http://localhost:" + closed,
                "--relink.belvo.secret-id=a-belvo-secret-id",
                "--relink.belvo.secret-password=a-belvo-secret-password",
                "--relink.webhooks.authorization=Bearer a-webhook-token-for-production-tests",
                "--relink.api.key=" + API_KEY,
                "--relink.mail.host=localhost",
                "--relink.mail.port=" + closed,
                "--relink.mail.starttls=true",
                "--relink.repair.base-url=https://relink.example.com",
                "--relink.repair.signing-key=a-signing-key-for-production-tests-0123",
                "--relink.ops.username=" + OPS_USER,
                "--relink.ops.password=" + OPS_PASSWORD,
                "--relink.metrics.password=a-scrape-password-for-production-tests",
                RelinkOnPostgres.QUICK_CLOSE));
        // a setting given twice on the command line binds as "first,second": the caller's replaces ours
        args.removeIf(arg -> Arrays.stream(settings).anyMatch(setting -> setting.startsWith(arg.substring(0, arg.indexOf('=') + 1))));
        args.addAll(Arrays.asList(settings));
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("prod").run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("local.server.port", Integer.class);
    }
}
