package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** The link statuses as the emulated banks produce them, over the emulator's HTTP API. */
class HeimdallScenarioTest extends SandboxApiTest {

    @Test
    void heimdallAsksForATokenOnEveryDataCallUntil111111IsGiven() {
        String link = register("heimdall_mx_retail", "user_valid", "pass_valid", "heimdall-user-1").get("id").asText();
        assertThat(status(link)).isEqualTo("valid");

        SandboxHttp.Answer accounts = belvo.post("/sandbox/api/accounts/", Map.of("link", link));
        assertThat(accounts.status()).isEqualTo(428);
        JsonNode challenge = accounts.error();
        assertThat(challenge.get("code").asText()).isEqualTo("token_required");
        assertThat(challenge.get("session").asText()).matches("[0-9a-f]{32}");
        assertThat(challenge.get("request_id").asText()).matches("[0-9a-f]{32}");
        assertThat(challenge.get("link").asText()).isEqualTo(link);
        assertThat(challenge.get("expiry").asInt()).isPositive();
        assertThat(challenge.get("token_generation_data").get("type").asText()).isEqualTo("numeric");
        assertThat(challenge.get("token_generation_data").get("expects_user_input").asBoolean()).isTrue();
        assertThat(status(link)).isEqualTo("token_required");

        SandboxHttp.Answer wrongToken = belvo.patch("/sandbox/api/links/",
                Map.of("session", challenge.get("session").asText(), "token", "999999", "link", link));
        assertThat(wrongToken.status()).isEqualTo(428);
        String newSession = wrongToken.error().get("session").asText();
        assertThat(newSession).matches("[0-9a-f]{32}").isNotEqualTo(challenge.get("session").asText());
        assertThat(status(link)).isEqualTo("token_required");

        SandboxHttp.Answer resumed = belvo.patch("/sandbox/api/links/",
                Map.of("session", newSession, "token", "111111", "link", link, "save_data", true));
        assertThat(resumed.status()).isEqualTo(201);
        assertThat(resumed.json().get("status").asText()).isEqualTo("valid");
        assertThat(status(link)).isEqualTo("valid");

        SandboxHttp.Answer reused = belvo.patch("/sandbox/api/links/",
                Map.of("session", newSession, "token", "111111", "link", link));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.error().get("code").asText()).isEqualTo("session_expired");
    }

    @Test
    void putWithTheTokenCompletesATokenRequiredLinkAndPatchAccountsResumesTheDataCall() {
        String link = register("heimdall_mx_retail", "user_valid", "pass_valid", "heimdall-user-2").get("id").asText();
        String session = belvo.post("/sandbox/api/accounts/", Map.of("link", link)).error().get("session").asText();

        SandboxHttp.Answer wrong = belvo.put("/sandbox/api/links/" + link + "/", Map.of("token", "123456"));
        assertThat(wrong.status()).isEqualTo(428);
        assertThat(wrong.error().get("session").asText()).isNotEqualTo(session);

        SandboxHttp.Answer put = belvo.put("/sandbox/api/links/" + link + "/", Map.of("token", "111111"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("status").asText()).isEqualTo("valid");

        String again = belvo.post("/sandbox/api/accounts/", Map.of("link", link)).error().get("session").asText();
        SandboxHttp.Answer data = belvo.patch("/sandbox/api/accounts/",
                Map.of("session", again, "token", "111111", "link", link));
        assertThat(data.status()).isEqualTo(201);
        assertThat(data.json()).hasSize(2);
        assertThat(data.json().get(0).get("link").asText()).isEqualTo(link);
        assertThat(status(link)).isEqualTo("valid");
    }

    @Test
    void anExpiredSessionCannotBeResumed() {
        String link = register("heimdall_mx_retail", "user_valid", "pass_valid", "heimdall-user-3").get("id").asText();
        String session = belvo.post("/sandbox/api/accounts/", Map.of("link", link)).error().get("session").asText();
        admin.post("/sandbox/admin/sessions/expire", Map.of());

        SandboxHttp.Answer late = belvo.patch("/sandbox/api/links/", Map.of("session", session, "token", "111111"));
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.error().get("code").asText()).isEqualTo("session_expired");
        assertThat(status(link)).isEqualTo("token_required");
    }

    @Test
    void ereborAnswersDataCallsForValidLinks() {
        String link = register("erebor_mx_retail", "user_valid", "pass_valid", "erebor-user-1").get("id").asText();
        SandboxHttp.Answer accounts = belvo.post("/sandbox/api/accounts/", Map.of("link", link));
        assertThat(accounts.status()).isEqualTo(201);
        assertThat(accounts.json().get(0).get("link").asText()).isEqualTo(link);
        assertThat(belvo.get("/sandbox/api/links/" + link + "/").json().get("last_accessed_at").isNull()).isFalse();
    }

    @Test
    void wrongCredentialsAreALoginError() {
        SandboxHttp.Answer answer = belvo.post("/sandbox/api/links/", Map.of("institution", "erebor_mx_retail",
                "username", "user_invalid", "password", "pass_invalid"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().get("code").asText()).isEqualTo("login_error");
        assertThat(answer.error().get("message").asText())
                .isEqualTo("Invalid credentials provided to login to the institution");
    }

    @Test
    void anInvalidLinkFailsDataCallsUntilANewPasswordRevalidatesIt() {
        String link = seed("invalid");
        SandboxHttp.Answer data = belvo.post("/sandbox/api/accounts/", Map.of("link", link));
        assertThat(data.status()).isEqualTo(400);
        assertThat(data.error().get("code").asText()).isEqualTo("invalid_link");

        SandboxHttp.Answer refused = belvo.put("/sandbox/api/links/" + link + "/", Map.of("password", "pass_invalid"));
        assertThat(refused.error().get("code").asText()).isEqualTo("login_error");
        assertThat(status(link)).isEqualTo("invalid");

        SandboxHttp.Answer put = belvo.put("/sandbox/api/links/" + link + "/", Map.of("password", "new-password"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("status").asText()).isEqualTo("valid");
        assertThat(belvo.post("/sandbox/api/accounts/", Map.of("link", link)).status()).isEqualTo(201);
    }

    @Test
    void anUnconfirmedLinkFailsDataCalls() {
        SandboxHttp.Answer data = belvo.post("/sandbox/api/accounts/", Map.of("link", seed("unconfirmed")));
        assertThat(data.status()).isEqualTo(400);
        assertThat(data.error().get("code").asText()).isEqualTo("unconfirmed_link");
    }

    private JsonNode register(String institution, String username, String password, String externalId) {
        SandboxHttp.Answer answer = belvo.post("/sandbox/api/links/", Map.of("institution", institution,
                "username", username, "password", password, "external_id", externalId));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("institution").asText()).isEqualTo(institution);
        assertThat(answer.json().get("external_id").asText()).isEqualTo(externalId);
        return answer.json();
    }

    private String seed(String status) {
        return admin.post("/sandbox/admin/links", Map.of("status", status))
                .json().get("ids").get(0).asText();
    }

    private String status(String link) {
        return belvo.get("/sandbox/api/links/" + link + "/").json().get("status").asText();
    }
}
