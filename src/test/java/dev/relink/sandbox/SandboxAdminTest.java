package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SandboxAdminTest extends SandboxApiTest {

    @RegisterExtension
    final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void demoLinksAreThereAtStartup() {
        JsonNode invalid = belvo.get("/sandbox/api/links/?status=invalid&external_id=demo-user-2").json();
        assertThat(invalid.get("count").asInt()).isEqualTo(1);
        assertThat(invalid.get("results").get(0).get("institution").asText()).isEqualTo("erebor_mx_retail");
        JsonNode mfa = belvo.get("/sandbox/api/links/?external_id=demo-user-3").json().get("results").get(0);
        assertThat(mfa.get("status").asText()).isEqualTo("token_required");
        assertThat(mfa.get("institution").asText()).isEqualTo("heimdall_mx_retail");
        assertThat(belvo.get("/sandbox/api/links/?status=valid&external_id=demo-user-1").json().get("count").asInt())
                .isEqualTo(1);
    }

    @Test
    void aSentWebhookCarriesBelvosEnvelopeAndTheConfiguredAuthorization() throws Exception {
        String link = admin.post("/sandbox/admin/links", Map.of("external_id", "hooked-user")).json()
                .get("ids").get(0).asText();
        SandboxHttp.Answer sent = admin.post("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK",
                "webhook_code", "invalid_credentials", "link_id", link, "webhook_id", "0123456789abcdef0123456789abcdef",
                "url", receiver.url()));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().get("status").asInt()).isEqualTo(202);

        Map<String, String> delivery = receiver.next();
        assertThat(delivery).isNotNull();
        assertThat(delivery.get("authorization")).isEqualTo(WEBHOOK_AUTHORIZATION);
        JsonNode webhook = SandboxHttp.JSON.readTree(delivery.get("body"));
        assertThat(webhook.get("webhook_id").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(webhook.get("webhook_type").asText()).isEqualTo("LINK");
        assertThat(webhook.get("webhook_code").asText()).isEqualTo("invalid_credentials");
        assertThat(webhook.get("process_type").asText()).isEqualTo("recurrent_update");
        assertThat(webhook.get("link_id").asText()).isEqualTo(link);
        assertThat(webhook.get("external_id").asText()).isEqualTo("hooked-user");
        assertThat(webhook.get("data").get("error_code").asText()).isEqualTo("login_error");
        assertThat(belvo.get("/sandbox/api/links/" + link + "/").json().get("status").asText()).isEqualTo("invalid");
    }

    @Test
    void aLinksStatusCanBeSet() {
        String link = admin.post("/sandbox/admin/links", Map.of()).json().get("ids").get(0).asText();
        SandboxHttp.Answer set = admin.post("/sandbox/admin/links/" + link + "/status", Map.of("status", "token_required"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(belvo.get("/sandbox/api/links/" + link + "/").json().get("status").asText())
                .isEqualTo("token_required");
    }

    @Test
    void aBankOutageIsPlayedByTakingTheInstitutionDownAndBreakingAllItsLinksAtOnce() {
        String bank = "gringotts_co_retail";
        JsonNode seeded = admin.post("/sandbox/admin/links", Map.of("institution", bank, "count", 3)).json();
        try {
            assertThat(admin.post("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", "down")).status())
                    .isEqualTo(200);
            JsonNode down = belvo.get("/sandbox/api/institutions/?status=down").json();
            assertThat(down.get("count").asInt()).isEqualTo(1);
            assertThat(down.get("results").get(0).get("name").asText()).isEqualTo(bank);
            assertThat(belvo.get("/sandbox/api/institutions/?name=erebor_mx_retail").json().get("results").get(0)
                    .get("status").asText()).isEqualTo("healthy");

            SandboxHttp.Answer broken = admin.post("/sandbox/admin/institutions/" + bank + "/links/status",
                    Map.of("status", "invalid"));
            assertThat(broken.json().get("links").asInt()).isGreaterThanOrEqualTo(3);
            seeded.get("ids").forEach(id -> assertThat(belvo.get("/sandbox/api/links/" + id.asText() + "/").json()
                    .get("status").asText()).isEqualTo("invalid"));
            assertThat(admin.post("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", "sideways"))
                    .status()).isEqualTo(400);
        } finally {
            admin.post("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", "healthy"));
        }
    }

    @Test
    void banksAddedWithGeneratedNamesAreBelvoInstitutionsWhoseLinksAnswer() {
        SandboxHttp.Answer added = admin.post("/sandbox/admin/institutions", Map.of("count", 2));
        assertThat(added.status()).isEqualTo(201);
        JsonNode names = added.json().get("names");
        assertThat(names).hasSize(2);
        String bank = names.get(0).asText();
        assertThat(bank).matches("vault[0-9a-f]{8}_mx_retail").isNotEqualTo(names.get(1).asText());
        JsonNode listed = belvo.get("/sandbox/api/institutions/?name=" + bank).json().get("results").get(0);
        assertThat(listed.get("status").asText()).isEqualTo("healthy");
        assertThat(listed.get("country_code").asText()).isEqualTo("MX");

        String link = admin.post("/sandbox/admin/links", Map.of("institution", bank)).json().get("ids").get(0).asText();
        assertThat(belvo.get("/sandbox/api/links/" + link + "/").json().get("institution").asText()).isEqualTo(bank);
        assertThat(admin.post("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", "down")).status())
                .isEqualTo(200);
        assertThat(belvo.get("/sandbox/api/institutions/?status=down").json().get("results").get(0).get("name")
                .asText()).isEqualTo(bank);
        admin.post("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", "healthy"));

        assertThat(admin.post("/sandbox/admin/institutions", Map.of("count", 0)).status()).isEqualTo(400);
        assertThat(admin.post("/sandbox/admin/links", Map.of("institution", "vault00000000_zz_retail")).status())
                .as("a bank nobody added").isEqualTo(400);
        admin.post("/sandbox/admin/reset", Map.of());
        assertThat(admin.post("/sandbox/admin/links", Map.of("institution", bank)).status()).as("gone with a reset")
                .isEqualTo(400);
    }

    @Test
    void badAdminInputIsProblemJson() {
        SandboxHttp.Answer badStatus = admin.post("/sandbox/admin/links", Map.of("status", "broken"));
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.header("Content-Type")).startsWith("application/problem+json");
        assertThat(badStatus.json().get("detail").asText()).contains("status must be one of");
        assertThat(admin.post("/sandbox/admin/links/nope/status", Map.of("status", "valid")).status()).isEqualTo(404);
        assertThat(admin.post("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK")).status()).isEqualTo(400);
        assertThat(admin.post("/sandbox/admin/links", "{oops").status()).isEqualTo(400);
        SandboxHttp.Answer badUrl = admin.post("/sandbox/admin/webhooks",
                Map.of("webhook_type", "LINK", "webhook_code", "token_required", "link_id", "x", "url", "not a url"));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.json().get("detail").asText()).contains("absolute http(s) URL");
    }
}
