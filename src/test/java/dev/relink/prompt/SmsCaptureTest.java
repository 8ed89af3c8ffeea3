package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.sandbox.SmsOutbox;
import dev.relink.support.RelinkIntegrationTest;

/** The local profile as a user runs it: SMS prompts land in the sandbox outbox (provider capture). */
class SmsCaptureTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    SmsOutbox outbox;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void smsPromptIsCapturedWithItsRecipientAndRepairUrl() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String phone = "+5215599" + String.valueOf(System.nanoTime()).substring(0, 6);
        send(HttpRequest.newBuilder(URI.create(base() + "/api/contacts/" + user))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"phone\": \"" + phone + "\", \"channel\": \"sms\", \"locale\": \"es\"}")));
        String seeded = send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/admin/links"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"institution\": \"erebor_mx_retail\", \"external_id\": \"" + user + "\"}")));
        String link = seeded.replaceAll("(?s).*\"ids\":\\[\"([^\"]+)\".*", "$1");
        send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/admin/webhooks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"webhook_type\": \"LINK\", \"webhook_code\": \"invalid_credentials\","
                        + " \"link_id\": \"" + link + "\"}")));

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.messages().stream().anyMatch(m -> phone.equals(m.to())));
        SmsOutbox.Sms sms = outbox.messages().stream().filter(m -> phone.equals(m.to())).findFirst().orElseThrow();
        assertThat(sms.body()).startsWith("Tu banco Erebor Bank ya no acepta tu contraseña guardada")
                .contains(base() + "/repair/").doesNotContain(link);
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return response.body();
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
