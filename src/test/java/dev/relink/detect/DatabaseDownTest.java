package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.RelinkOnPostgres;
import dev.relink.support.WebhookClient;

/**
 * With its database gone, the intake answers 503 problem+json (Belvo delivers again later), never 202 or
 * 500; a value the database can never store is the sender's 400, not a 503.
 */
class DatabaseDownTest {

    @Test
    void webhookThatCannotBeStoredIs503WithRetryAfter() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (ConfigurableApplicationContext app = RelinkOnPostgres.start(postgres,
                "--spring.datasource.hikari.connection-timeout=1000", "--relink.poll.cron=0 0 0 1 1 ? 2099")) {
            WebhookClient client = new WebhookClient(RelinkOnPostgres.port(app));
            String stored = WebhookIntakeTest.uniqueId();
            assertThat(client.webhook(WebhookIntakeTest.event(stored, "OWNERS", "historical_update", "l-1"),
                    RelinkIntegrationTest.WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
            // PostgreSQL's text cannot hold U+0000: redelivering it would meet the same refusal forever
            WebhookIntakeTest.assertProblem(client.webhook(WebhookIntakeTest.event(WebhookIntakeTest.uniqueId()
                    + "\\u0000", "LINK", "invalid_credentials", "l-1"), RelinkIntegrationTest.WEBHOOK_AUTHORIZATION), 400,
                    "'webhook_id' contains the character U+0000");

            postgres.close();
            HttpResponse<String> response = client.webhook(WebhookIntakeTest.event(WebhookIntakeTest.uniqueId(),
                    "LINK", "invalid_credentials", "l-1"), RelinkIntegrationTest.WEBHOOK_AUTHORIZATION);

            WebhookIntakeTest.assertProblem(response, 503, "deliver it again later");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("30");

            // and the platform hears it: readiness fails (503), so a load balancer stops sending traffic here
            int port = RelinkOnPostgres.port(app);
            HttpResponse<String> readiness = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                            + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
        }
    }
}
