package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator's Brazil Open Finance side: consents with expiry, CONSENT webhooks, portal tokens and the stand-in portal. */
class SandboxConsentTest extends SandboxApiTest {

    static final String CPF = "123.456.789-09";

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void anOfdaLinkHasAConsentThatExpiresOrNot() {
        JsonNode seeded = admin.post("/sandbox/admin/links", Map.of("institution", "ofmockbank_br_retail",
                "consent_duration_days", 92, "document_number", CPF)).json();
        String consentId = seeded.get("consent_ids").get(0).asText();
        JsonNode consent = belvo.get("/sandbox/api/consents/" + consentId + "/").json();
        assertThat(consent.get("status").asText()).isEqualTo("AUTHORISED");
        assertThat(consent.get("undefined_consent_expiration").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.now(), Instant.parse(consent.get("expired_at").asText())).toDays())
                .isBetween(91L, 92L);
        assertThat(consent.get("belvo_institution_name").asText()).isEqualTo("ofmockbank_br_retail");
        assertThat(consent.get("permissions")).isNotEmpty();

        String open = admin.post("/sandbox/admin/links", Map.of("institution", "ofmockbank_br_retail")).json()
                .get("consent_ids").get(0).asText();
        JsonNode forever = belvo.get("/sandbox/api/consents/" + open + "/").json();
        assertThat(forever.get("expired_at").isNull()).isTrue();
        assertThat(forever.get("undefined_consent_expiration").asBoolean()).isTrue();

        JsonNode mine = belvo.get("/sandbox/api/consents/?user_document=12345678909").json();
        assertThat(mine.get("results")).extracting(result -> result.get("id").asText()).contains(consentId)
                .doesNotContain(open);
        assertThat(belvo.get("/sandbox/api/consents/?document_number=" + CPF + "&id__in=" + consentId).json()
                .get("count").asInt()).isEqualTo(1);
        assertThat(belvo.get("/sandbox/api/consents/nope/").status()).isEqualTo(404);
        JsonNode moved = admin.post("/sandbox/admin/consents/" + consentId, Map.of("expired_at", "2027-01-02T03:04:05Z"))
                .json();
        assertThat(moved.get("expired_at").asText()).isEqualTo("2027-01-02T03:04:05.000Z");
        assertThat(admin.post("/sandbox/admin/consents/" + consentId, Map.of("expired_at", "soon")).status()).isEqualTo(400);
        assertThat(new SandboxHttp(port, null, null).get("/sandbox/api/consents/").status()).isEqualTo(401);
    }

    @Test
    void consentWebhooksCarryTheConsentAndExpiryExpiresIt() throws Exception {
        JsonNode seeded = admin.post("/sandbox/admin/links", Map.of("institution", "ofmockbank_br_retail",
                "consent_duration_days", 5, "external_id", "ofda-user")).json();
        String link = seeded.get("ids").get(0).asText();
        String consentId = seeded.get("consent_ids").get(0).asText();
        String expiresAt = belvo.get("/sandbox/api/consents/" + consentId + "/").json().get("expired_at").asText();

        JsonNode warning = sendAndReceive(link, "openfinance_consent_about_to_expire");
        assertThat(warning.get("webhook_type").asText()).isEqualTo("CONSENT");
        assertThat(warning.get("external_id").asText()).isEqualTo("ofda-user");
        JsonNode data = warning.get("data");
        assertThat(data.get("consent_id").asText()).isEqualTo(consentId);
        assertThat(Instant.parse(data.get("consent_due_date").asText())).isEqualTo(Instant.parse(expiresAt));
        assertThat(data.get("action").asText()).isEqualTo("renew");
        assertThat(data.get("institution").asText()).isEqualTo("ofmockbank_br_retail");
        assertThat(data.get("institution_display_name").asText()).isEqualTo("OF Mockbank");
        assertThat(data.get("institution_icon_logo").asText()).endsWith("/sandbox/portal/ofmockbank.svg");
        assertThat(belvo.get("/sandbox/api/consents/" + consentId + "/").json().get("status").asText())
                .isEqualTo("AUTHORISED");

        for (String code : List.of("openfinance_consent_expired", "consent_expired")) {
            JsonNode expired = sendAndReceive(link, code);
            assertThat(expired.get("data").has("consent_due_date")).isFalse();
            assertThat(expired.get("data").get("consent_id").asText()).isEqualTo(consentId);
        }
        JsonNode consent = belvo.get("/sandbox/api/consents/" + consentId + "/").json();
        assertThat(consent.get("status").asText()).isEqualTo("EXPIRED");
        assertThat(Instant.parse(consent.get("expired_at").asText())).isBefore(Instant.parse(expiresAt));
    }

    @Test
    void thePortalRenewsTheConsentOfTheCpfItsTokenWasMintedFor() {
        String consentId = admin.post("/sandbox/admin/links", Map.of("institution", "ofmockbank_br_retail",
                "consent_duration_days", 92, "document_number", CPF)).json().get("consent_ids").get(0).asText();
        admin.post("/sandbox/admin/consents/" + consentId, Map.of("status", "EXPIRED"));

        SandboxHttp.Answer noName = portalToken(CPF, "");
        assertThat(noName.status()).isEqualTo(400);
        String someoneElse = portalToken("987.654.321-00", "Outra Pessoa").json().get("access").asText();
        assertThat(portal(someoneElse, consentId).status()).isEqualTo(403);
        assertThat(portal("not-a-token", consentId).body()).contains("Sessão expirada");

        String access = portalToken(CPF, "Maria Silva").json().get("access").asText();
        SandboxHttp.Answer page = portal(access, consentId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("OF Mockbank").contains("Renovar consentimento");

        SandboxHttp.Answer renewed = admin.send("POST", "/sandbox/portal/renew", "access_token=" + access
                + "&consent_id=" + consentId, "application/x-www-form-urlencoded");
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.body()).contains("Consentimento renovado");
        JsonNode consent = belvo.get("/sandbox/api/consents/" + consentId + "/").json();
        assertThat(consent.get("status").asText()).isEqualTo("AUTHORISED");
        assertThat(Instant.parse(consent.get("expired_at").asText())).isAfter(Instant.now().plus(Duration.ofDays(90)));
    }

    private SandboxHttp.Answer portalToken(String cpf, String name) {
        return new SandboxHttp(port, null, null).post("/sandbox/api/token/", Map.of("id", BELVO_ID,
                "password", BELVO_PASSWORD, "scopes", "read_consents,write_consents,write_consent_callback",
                "widget", Map.of("openfinance_feature", "consent_management", "consent", Map.of(
                        "terms_and_conditions_url", "https://example.com/terms",
                        "permissions", List.of("REGISTER", "ACCOUNTS"),
                        "identification_info", List.of(Map.of("type", "CPF", "number", cpf, "name", name))))));
    }

    private SandboxHttp.Answer portal(String access, String consentId) {
        return admin.get("/sandbox/portal/?access_token=" + URLEncoder.encode(access, StandardCharsets.UTF_8)
                + "&consent_id=" + consentId + "&institution=ofmockbank_br_retail"
                + "&institution_display_name=OF%20Mockbank&action=renew");
    }

    private JsonNode sendAndReceive(String link, String code) throws Exception {
        SandboxHttp.Answer sent = admin.post("/sandbox/admin/webhooks", Map.of("webhook_type", "CONSENT",
                "webhook_code", code, "link_id", link,
                "url", receiver.url()));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        Map<String, String> delivery = receiver.next();
        assertThat(delivery).isNotNull();
        return SandboxHttp.JSON.readTree(delivery.get("body"));
    }
}
