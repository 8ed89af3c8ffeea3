package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** Bad input to the emulator gets Belvo's error array, never a whitelabel page or a 500. */
class SandboxBelvoErrorsTest extends SandboxApiTest {

    @Test
    void theLoginCheckPassesWithTheDemoKeys() {
        SandboxHttp.Answer answer = belvo.get("/sandbox/api/");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("links").asText()).isEqualTo("http://localhost:" + port + "/sandbox/api/links/");
    }

    @Test
    void missingOrWrongBasicAuthIsAuthenticationFailed() {
        for (SandboxHttp client : new SandboxHttp[] {new SandboxHttp(port, null, null),
                new SandboxHttp(port, BELVO_ID, "wrong-password"), new SandboxHttp(port, "someone", BELVO_PASSWORD),
                new SandboxHttp(port, "Basic %%%not-base64"), new SandboxHttp(port, "Bearer " + BELVO_PASSWORD)}) {
            for (String path : new String[] {"/sandbox/api/", "/sandbox/api/links/?status=invalid"}) {
                SandboxHttp.Answer answer = client.get(path);
                assertThat(answer.status()).isEqualTo(401);
                assertBelvoError(answer.error(), "authentication_failed", "Invalid Secret Keys");
                assertThat(answer.header("WWW-Authenticate")).startsWith("Basic");
            }
        }
    }

    @Test
    void unknownLinkIsNotFound() {
        SandboxHttp.Answer answer = belvo.get("/sandbox/api/links/6a1c9f0e-0000-4000-8000-000000000000/");
        assertThat(answer.status()).isEqualTo(404);
        assertBelvoError(answer.error(), "not_found", "Not found.");
        assertThat(belvo.put("/sandbox/api/links/nope/", Map.of("password", "x")).status()).isEqualTo(404);
        assertThat(belvo.send("DELETE", "/sandbox/api/links/nope/", null, null).status()).isEqualTo(404);
        assertThat(belvo.get("/sandbox/api/not-an-endpoint/").error().get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void malformedJsonIsAParseError() {
        SandboxHttp.Answer answer = belvo.post("/sandbox/api/links/", "{\"institution\": ");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().get("code").asText()).isEqualTo("parse_error");
        assertThat(answer.error().get("request_id").asText()).matches("[0-9a-f]{32}");
        assertThat(belvo.patch("/sandbox/api/links/", "[1,2").error().get("code").asText()).isEqualTo("parse_error");
        assertThat(belvo.post("/sandbox/api/links/", "[1,2]").error().get("code").asText()).isEqualTo("invalid");
    }

    @Test
    void otherMediaTypesAreUnsupported() {
        SandboxHttp.Answer answer = belvo.send("POST", "/sandbox/api/links/", "institution: x", "text/plain");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.error().get("code").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void aFormBodyWorksLikeJson() {
        SandboxHttp.Answer answer = belvo.send("POST", "/sandbox/api/links/",
                "institution=erebor_mx_retail&username=form-user&password=pass_valid", "application/x-www-form-urlencoded");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("status").asText()).isEqualTo("valid");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        SandboxHttp.Answer answer = belvo.send("DELETE", "/sandbox/api/links/", null, null);
        assertThat(answer.status()).isEqualTo(405);
        assertBelvoError(answer.error(), "method_not_allowed", "Method \"DELETE\" not allowed.");
        assertThat(answer.header("Allow")).contains("GET", "POST", "PATCH");
        assertThat(belvo.get("/sandbox/api/token/").status()).isEqualTo(405);
        assertThat(belvo.post("/sandbox/api/links/abc/", Map.of()).status()).isEqualTo(405);
    }

    @Test
    void missingFieldsAndUnknownInstitutionsAreValidationErrors() {
        JsonNode missing = belvo.post("/sandbox/api/links/", Map.of("institution", "erebor_mx_retail")).error();
        assertThat(missing.get("code").asText()).isEqualTo("required");
        assertThat(missing.get("field").asText()).isEqualTo("username");
        JsonNode unknown = belvo.post("/sandbox/api/links/",
                Map.of("institution", "mordor_mx_retail", "username", "u", "password", "p")).error();
        assertThat(unknown.get("code").asText()).isEqualTo("does_not_exist");
        assertThat(unknown.get("field").asText()).isEqualTo("institution");
        JsonNode noLink = belvo.post("/sandbox/api/accounts/", Map.of("link", "nope")).error();
        assertThat(noLink.get("code").asText()).isEqualTo("does_not_exist");
        assertThat(belvo.patch("/sandbox/api/links/", Map.of("token", "111111")).error().get("field").asText())
                .isEqualTo("session");
    }

    /** Belvo's SDKs always send the slash; without it a GET is redirected (as Django does) and anything else is 404. */
    @Test
    void aPathWithoutTheTrailingSlashRedirectsGetsOnly() {
        SandboxHttp.Answer get = belvo.get("/sandbox/api/links?status=invalid");
        assertThat(get.status()).isEqualTo(301);
        assertThat(get.header("Location")).isEqualTo("/sandbox/api/links/?status=invalid");
        SandboxHttp.Answer post = belvo.post("/sandbox/api/links", Map.of());
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.error().get("code").asText()).isEqualTo("not_found");
    }

    private static void assertBelvoError(JsonNode error, String code, String message) {
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(error.get("request_id").asText()).matches("[0-9a-f]{32}");
    }
}
