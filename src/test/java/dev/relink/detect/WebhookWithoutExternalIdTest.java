package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.support.RelinkHttp;
import dev.relink.support.Timers;
import dev.relink.support.WebhookClient;

/**
 * Belvo's older webhooks carry {@code "external_id": null} or no such key. The incident learns whom the
 * link belongs to from Belvo's own description of the link, whichever read brings it (the re-check,
 * the poll), and prompting goes on as soon as someone can be contacted. Mail arrives at the local
 * profile's SMTP server (GreenMail). A prompt due now goes out at the ladder's next tick, which the test
 * fires itself while it waits for the mail.
 */
class WebhookWithoutExternalIdTest extends BelvoStubbedTest {

    @Autowired
    GreenMail smtp;

    @Autowired
    ProducerTemplate producer;

    RelinkHttp relink;

    @BeforeEach
    void relink() {
        relink = new RelinkHttp(port);
    }

    @ParameterizedTest(name = "external_id {0}")
    @ValueSource(strings = {"null", "missing"})
    void aWebhookWithoutExternalIdPromptsTheUserBelvoNamesForTheLink(String shape) throws Exception {
        String link = UUID.randomUUID().toString();
        String user = "user-" + link;
        String email = "ana@" + link + ".example.com";
        relink.putContact(user, Map.of("email", email));
        BELVO.linkIs(link, "token_required", user);

        assertThat(client.webhook(linkWebhook(link, "token_required", shape), BASIC_WEBHOOK_AUTHORIZATION).statusCode())
                .isEqualTo(202);

        MimeMessage mail = awaitMail(email);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(email);
        JsonNode incident = incidentsOf(link).get(0);
        assertThat(incident.get("external_id").asText()).isEqualTo(user);
        assertThat(incident.get("institution").asText()).isEqualTo("erebor_mx_retail");
        assertThat(incident.get("state").asText()).isEqualTo("prompting");
        assertThat(timeline(link)).contains("external_id: Belvo says the link belongs to external id " + user);
    }

    @ParameterizedTest(name = "contact saved by {0}")
    @ValueSource(strings = {"put", "import"})
    void anIncidentParkedForWantOfAContactResumesWhenTheContactIsSaved(String how) throws Exception {
        String link = UUID.randomUUID().toString();
        String user = "user-" + link;
        BELVO.linkIs(link, "invalid", user);

        client.webhook(linkWebhook(link, "invalid_credentials", "null"), BASIC_WEBHOOK_AUTHORIZATION);

        JsonNode parked = awaitIncident(link, incident -> "no_contact".equals(incident.get("state").asText()));
        assertThat(parked.get("external_id").asText()).isEqualTo(user);
        assertThat(timeline(link)).contains("no email or phone for external id " + user);

        String email = "late@" + link + ".example.com";
        if ("put".equals(how)) {
            relink.putContact(user, Map.of("email", email));
        } else {
            HttpResponse<String> imported = relink.send(relink.api("/api/contacts/import").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString("external_id,email\n" + user + "," + email + "\n")));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        }

        awaitMail(email);
        assertThat(timeline(link)).contains("no_contact -> prompting: a contact was saved");
    }

    @Test
    void anIncidentParkedWithoutExternalIdResumesWhenThePollNamesIt() throws Exception {
        String link = UUID.randomUUID().toString();
        String user = "user-" + link;
        String email = "polled@" + link + ".example.com";
        relink.putContact(user, Map.of("email", email));
        BELVO.linkIs(link, "invalid", null); // Belvo does not know whose link it is yet

        client.webhook(linkWebhook(link, "invalid_credentials", "null"), BASIC_WEBHOOK_AUTHORIZATION);

        awaitIncident(link, incident -> "no_contact".equals(incident.get("state").asText()));
        assertThat(timeline(link)).contains("nobody can be contacted");
        assertThat(smtp.getReceivedMessagesForDomain(email)).isEmpty();

        // Belvo now names the link's external id; the next poll lists the broken link with it.
        BELVO.linkIs(link, "invalid", user);
        BELVO.brokenLinkPages(List.of(List.of(link)));
        firePoll();

        awaitMail(email);
        assertThat(incidentsOf(link).get(0).get("external_id").asText()).isEqualTo(user);
        assertThat(timeline(link)).contains("no_contact -> prompting: Belvo named the link's external id");
    }

    /** Belvo's LINK webhook example for the link, with {@code external_id} null or left out. */
    static String linkWebhook(String link, String code, String externalId) throws Exception {
        ObjectNode webhook = (ObjectNode) JSON.readTree(WebhookClient.example("webhook-link-" + code + ".json"));
        webhook.put("webhook_id", WebhookIntakeTest.uniqueId());
        webhook.put("link_id", link);
        if ("null".equals(externalId)) {
            webhook.putNull("external_id");
        } else {
            webhook.remove("external_id");
        }
        return JSON.writeValueAsString(webhook);
    }

    private MimeMessage awaitMail(String to) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Timers.ladderTick(producer);
            return smtp.getReceivedMessagesForDomain(to).length > 0;
        });
        MimeMessage[] received = smtp.getReceivedMessagesForDomain(to);
        assertThat(received).hasSize(1);
        return received[0];
    }

    private String timeline(String link) {
        StringBuilder lines = new StringBuilder();
        api("/api/incidents/" + incidentsOf(link).get(0).get("id").asText()).get("timeline")
                .forEach(e -> lines.append(e.get("type").asText()).append(": ").append(e.get("detail").asText()).append('\n'));
        return lines.toString();
    }
}
