package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SandboxWidgetTokenTest extends SandboxApiTest {

    @Autowired
    SandboxWidgetTokens tokens;

    @Test
    void anUpdateModeTokenIsAJwtThatRemembersItsLink() throws Exception {
        String link = admin.post("/sandbox/admin/links", Map.of("status", "invalid"))
                .json().get("ids").get(0).asText();
        SandboxHttp.Answer answer = new SandboxHttp(port, null, null).post("/sandbox/api/token/", Map.of(
                "id", BELVO_ID, "password", BELVO_PASSWORD, "link_id", link,
                "scopes", "read_institutions,write_links,read_links"));
        assertThat(answer.status()).isEqualTo(200);
        String access = answer.json().get("access").asText();
        String refresh = answer.json().get("refresh").asText();

        JsonNode header = part(access, 0);
        JsonNode claims = part(access, 1);
        assertThat(header.get("alg").asText()).isEqualTo("HS512");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(claims.get("token_type").asText()).isEqualTo("access");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
        assertThat(claims.get("jti").asText()).matches("[0-9a-f]{32}");
        assertThat(claims.get("scopes")).extracting(JsonNode::asText)
                .containsExactly("read_institutions", "write_links", "read_links");
        for (String claim : new String[] {"user_id", "organization_name", "organization_id", "environment", "api_url",
                "credentials_storage", "stale_in", "fetch_resources", "iss"}) {
            assertThat(claims.has(claim)).as(claim).isTrue();
        }
        assertThat(part(refresh, 1).get("token_type").asText()).isEqualTo("refresh");

        assertThat(tokens.linkIdFor(access)).contains(link);
        assertThat(tokens.linkIdFor(refresh)).isEmpty();
        assertThat(tokens.mintedFor(link)).isEqualTo(1);
    }

    @Test
    void basicAuthAloneIsEnoughAndEachTokenIsCounted() {
        SandboxHttp belvoJs = new SandboxHttp(port, BELVO_ID, BELVO_PASSWORD);
        String link = belvoJs.get("/sandbox/api/links/?external_id=demo-user-3").json()
                .get("results").get(0).get("id").asText();
        int before = tokens.mintedFor(link);
        for (int i = 0; i < 2; i++) {
            assertThat(belvoJs.post("/sandbox/api/token/", Map.of("link_id", link, "scopes", "read_institutions"))
                    .status()).isEqualTo(200);
        }
        assertThat(tokens.mintedFor(link)).isEqualTo(before + 2);
        assertThat(admin.get("/sandbox/admin/links/" + link + "/tokens").json()
                .get("minted").asInt()).isEqualTo(before + 2);
    }

    @Test
    void wrongKeysOrAnUnknownLinkGetNoToken() {
        SandboxHttp anonymous = new SandboxHttp(port, null, null);
        SandboxHttp.Answer wrong = anonymous.post("/sandbox/api/token/",
                Map.of("id", BELVO_ID, "password", "nope", "scopes", "read_institutions"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error().get("code").asText()).isEqualTo("authentication_failed");

        SandboxHttp.Answer unknown = anonymous.post("/sandbox/api/token/", Map.of("id", BELVO_ID,
                "password", BELVO_PASSWORD, "link_id", "no-such-link", "scopes", "read_institutions"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error().get("field").asText()).isEqualTo("link_id");
        assertThat(tokens.mintedFor("no-such-link")).isZero();
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        return SandboxHttp.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    }
}
