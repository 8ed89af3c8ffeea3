package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.relink.support.RelinkHttp;

/** An OFDA user as the consent tests need one: a contact, and a link at the emulator's OFDA bank with a consent. */
final class ConsentFixture {

    static final String OFDA_BANK = "ofmockbank_br_retail";
    static final String CPF = "123.456.789-09";

    private final RelinkHttp relink;

    record OfdaLink(String externalId, String email, String linkId, String consentId) {
    }

    ConsentFixture(RelinkHttp relink) {
        this.relink = relink;
    }

    /** A pt-BR contact and an OFDA link whose consent expires in {@code days} days. */
    OfdaLink ofdaUser(int days) throws Exception {
        String user = "br-" + UUID.randomUUID();
        String email = "maria." + user + "@example.com";
        relink.putContact(user, Map.of("name", "Maria", "email", email, "locale", "pt-BR",
                "time_zone", "America/Sao_Paulo"));
        JsonNode seeded = post("/sandbox/admin/links", Map.of("institution", OFDA_BANK, "external_id", user,
                "consent_duration_days", days, "document_number", CPF));
        return new OfdaLink(user, email, seeded.get("ids").get(0).asText(), seeded.get("consent_ids").get(0).asText());
    }

    /** Belvo's CONSENT webhook for the link, through the emulator (data from the link's consent unless given). */
    void consentWebhook(OfdaLink link, String code, Map<String, Object> data) throws Exception {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("webhook_type", "CONSENT");
        webhook.put("webhook_code", code);
        webhook.put("link_id", link.linkId());
        if (data != null) {
            webhook.put("data", data);
        }
        JsonNode delivery = post("/sandbox/admin/webhooks", webhook);
        assertThat(delivery.get("status").asInt()).as(delivery.toString()).isEqualTo(202);
    }

    JsonNode post(String path, Map<String, ?> body) throws Exception {
        HttpResponse<String> response = relink.send(relink.plain(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelinkHttp.JSON.writeValueAsString(body))));
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return RelinkHttp.JSON.readTree(response.body());
    }

    /** The link's newest incident through the API, or null. */
    JsonNode incident(String linkId) throws Exception {
        JsonNode items = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + linkId).GET())
                .body()).path("items");
        return items.isEmpty() ? null : items.get(0);
    }

    JsonNode get(String apiPath) throws Exception {
        HttpResponse<String> response = relink.send(relink.api(apiPath).GET());
        return RelinkHttp.JSON.readTree(response.body());
    }
}
