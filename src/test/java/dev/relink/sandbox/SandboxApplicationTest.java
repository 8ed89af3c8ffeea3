package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;

import dev.relink.support.FreePorts;

/**
 * The emulator on its own, as an app team's CI starts it (docs/operations.md, "The emulator on its
 * own"): Belvo's API with the demo keys and seeded links, the outbox, and nothing of the hub.
 */
class SandboxApplicationTest {

    static ConfigurableApplicationContext emulator;
    static int port;

    @BeforeAll
    static void start() {
        emulator = SandboxApplication.start("--server.port=0",
                "--relink.sandbox.smtp-port=" + FreePorts.next());
        port = emulator.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void itListsTheSeededDemoLinksToTheDemoKeysAsBelvoWould() {
        SandboxHttp.Answer links = new SandboxHttp(port, "relink-demo-id", "relink-demo-password").get("/sandbox/api/links/");

        assertThat(links.status()).isEqualTo(200);
        JsonNode first = links.json().get("results").get(0);
        assertThat(first.get("external_id").asText()).startsWith("demo-user-");
        assertThat(first.get("status").asText()).isNotBlank();
        assertThat(links.json().get("count").asInt()).isEqualTo(links.json().get("results").size());

        assertThat(new SandboxHttp(port, "relink-demo-id", "wrong").get("/sandbox/api/links/").status())
                .as("other keys are refused, as Belvo refuses them").isEqualTo(401);
    }

    @Test
    void itServesTheOutboxAndStandInWidgetButNoHub() {
        SandboxHttp http = new SandboxHttp(port, null, null);

        assertThat(http.get("/sandbox/outbox").status()).isEqualTo(200);
        assertThat(http.get("/sandbox/widget/belvo-widget-standin.js").status()).isEqualTo(200);
        assertThat(http.get("/api/links").status()).as("no hub admin API").isEqualTo(404);
        assertThat(emulator.containsBean("relinkApplication")).isFalse();
    }
}
