package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** A contact's CPF and full name: validated, answered masked, deletable on their own and with the contact. */
class IdentityApiTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    RelinkHttp relink;
    String user;

    @BeforeEach
    void contact() throws Exception {
        relink = new RelinkHttp(port);
        user = "br-" + UUID.randomUUID();
        relink.putContact(user, Map.of("email", "ana@example.com", "locale", "pt-BR"));
    }

    @Test
    void theCpfIsStoredButOnlyEverAnsweredMasked() throws Exception {
        HttpResponse<String> saved = put(user, Map.of("cpf", "123.456.789-09", "full_name", "Maria da Silva"));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain("123.456.789").doesNotContain("12345678909");
        JsonNode answer = RelinkHttp.JSON.readTree(saved.body());
        assertThat(answer.get("cpf").asText()).isEqualTo("***.***.***-09");
        assertThat(answer.get("full_name").asText()).isEqualTo("Maria da Silva");

        HttpResponse<String> read = relink.send(relink.api("/api/contacts/" + user + "/identity").GET());
        assertThat(read.body()).contains("***.***.***-09").doesNotContain("12345678909");
        assertThat(relink.send(relink.api("/api/contacts/" + user).GET()).body()).doesNotContain("12345678909");
    }

    @Test
    void anInvalidCpfOrMissingNameIsA400AndAnUnknownContactA404() throws Exception {
        HttpResponse<String> badDigits = put(user, Map.of("cpf", "123.456.789-00", "full_name", "Maria"));
        assertThat(badDigits.statusCode()).isEqualTo(400);
        assertThat(badDigits.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(badDigits.body()).doesNotContain("123.456.789-00");
        assertThat(put(user, Map.of("cpf", "123.456.789-09")).statusCode()).isEqualTo(400);
        assertThat(put("nobody-" + UUID.randomUUID(), Map.of("cpf", "12345678909", "full_name", "Maria"))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void theIdentityIsDeletedOnItsOwnOrWithItsContact() throws Exception {
        put(user, Map.of("cpf", "12345678909", "full_name", "Maria"));
        assertThat(relink.send(relink.api("/api/contacts/" + user + "/identity").DELETE()).statusCode()).isEqualTo(204);
        assertThat(relink.send(relink.api("/api/contacts/" + user + "/identity").GET()).statusCode()).isEqualTo(404);

        put(user, Map.of("cpf", "12345678909", "full_name", "Maria"));
        assertThat(relink.send(relink.api("/api/contacts/" + user).DELETE()).statusCode()).isEqualTo(204);
        assertThat(relink.send(relink.api("/api/contacts/" + user + "/identity").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void theIdentityNeedsTheApiKey() throws Exception {
        assertThat(relink.send(relink.plain("/api/contacts/" + user + "/identity").GET()).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> put(String externalId, Map<String, String> body) throws Exception {
        return relink.send(relink.api("/api/contacts/" + externalId + "/identity").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(RelinkHttp.JSON.writeValueAsString(body))));
    }
}
