package dev.relink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.relink.support.FreePorts;
import dev.relink.support.JarProcess;

/**
 * The packaged jar started as someone deploying it might: with no profile at all, or with {@code prod}
 * and the sandbox switched on. Either way it ends at once with Spring Boot's report, before anything
 * listens or a database is opened.
 */
class ProductionStartIT {

    @TempDir
    Path dir;

    @Test
    void aJarStartedWithoutAProfileIsProdAndNamesEveryMissingSetting() throws Exception {
        JarProcess.Ended start = JarProcess.runToEnd(List.of("--server.port=" + FreePorts.next()),
                dir, Duration.ofMinutes(2));

        assertThat(start.exitCode()).as(start.output()).isNotZero();
        assertThat(start.output()).contains("APPLICATION FAILED TO START", "Relink cannot start with profile [prod]");
        for (String key : RequiredSettings.ALWAYS) {
            assertThat(start.output()).contains(MissingSettingsException.withEnvName(key));
        }
        assertThat(start.output()).as("no emulator, no published keys, nothing listening")
                .doesNotContain("Relink is running locally").doesNotContain("relink-local-api-key")
                .doesNotContain("Tomcat started").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("data"))).as("no database opened").isFalse();
    }

    @Test
    void prodWithTheSandboxSwitchedOnRefusesNamingTheSetting() throws Exception {
        Map<String, String> prod = new HashMap<>(Map.of(
                "SPRING_PROFILES_ACTIVE", "prod",
                "RELINK_BELVO_BASE_URL", "https://sandbox.belvo.com",
                "RELINK_BELVO_SECRET_ID", "belvo-id",
                "RELINK_BELVO_SECRET_PASSWORD", "belvo-password-not-for-logs",
                "RELINK_WEBHOOKS_AUTHORIZATION", "Bearer " + "w".repeat(32),
                "RELINK_API_KEY", "k".repeat(32),
                "RELINK_MAIL_HOST", "smtp.example.com",
                "RELINK_REPAIR_BASE_URL", "https://relink.example.com",
                "RELINK_REPAIR_SIGNING_KEY", "s".repeat(32),
                "RELINK_OPS_USERNAME", "ops"));
        prod.put("RELINK_OPS_PASSWORD", "o".repeat(24));
        prod.put("RELINK_METRICS_PASSWORD", "m".repeat(24));
        prod.put("RELINK_SANDBOX_ENABLED", "true");

        JarProcess.Ended start = JarProcess.runToEnd(List.of("--server.port=" + FreePorts.next()),
                prod, dir, Duration.ofMinutes(2));

        assertThat(start.exitCode()).as(start.output()).isNotZero();
        assertThat(start.output()).contains("APPLICATION FAILED TO START",
                "relink.sandbox.enabled (env RELINK_SANDBOX_ENABLED) is true", "Remove relink.sandbox.enabled")
                .doesNotContain("Relink is running locally").doesNotContain("Tomcat started").doesNotContain("\tat ")
                .doesNotContain("belvo-password-not-for-logs");
        assertThat(Files.exists(dir.resolve("data"))).as("no database opened").isFalse();
    }
}
