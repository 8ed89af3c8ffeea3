package dev.relink.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.RelinkHttp;

class ContactApiTest extends RelinkIntegrationTest {

    private static final ObjectMapper JSON = RelinkHttp.JSON;

    @Value("${local.server.port}")
    int port;

    @Test
    void contactIsStoredNormalizedReadBackAndDeleted() throws Exception {
        HttpResponse<String> created = put("user-ana", """
                {"name": "Ana", "email": "ana@example.com", "phone": "+52 1 55 1234 5678",
                 "locale": "es_mx", "channel": "SMS", "time_zone": "America/Mexico_City"}""");
        assertThat(created.statusCode()).isEqualTo(201);

        JsonNode stored = JSON.readTree(send(request("/api/contacts/user-ana").GET()).body());
        assertThat(stored.path("external_id").asText()).isEqualTo("user-ana");
        assertThat(stored.path("phone").asText()).isEqualTo("+5215512345678");
        assertThat(stored.path("locale").asText()).isEqualTo("es-MX");
        assertThat(stored.path("channel").asText()).isEqualTo("sms");
        assertThat(stored.path("time_zone").asText()).isEqualTo("America/Mexico_City");

        assertThat(put("user-ana", "{\"email\": \"ana@example.org\"}").statusCode()).isEqualTo(200);
        assertThat(send(request("/api/contacts/user-ana").DELETE()).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send(request("/api/contacts/user-ana").GET());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void invalidContactIsRefusedWithEveryBadFieldNamed() throws Exception {
        HttpResponse<String> response = put("user-bad", """
                {"email": "not-an-email", "phone": "5512345678", "locale": "fr",
                 "channel": "pigeon", "time_zone": "Mars/Olympus"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("email", "phone", "locale", "channel", "time_zone");
        assertThat(problem.path("detail").asText()).contains("E.164").contains("IANA");
        assertThat(send(request("/api/contacts/user-bad").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void controlCharactersInNameOrEmailAreRefusedNotStored() throws Exception {
        // PostgreSQL's text cannot hold U+0000: refused by name rather than failing the insert
        HttpResponse<String> response = put("user-nul", "{\"name\": \"Ana\\u0000\", \"email\": \"ana\\u0000@example.com\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("name", "email");
        assertThat(send(request("/api/contacts/user-nul").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void smsChannelWithoutPhoneNamesThePhone() throws Exception {
        HttpResponse<String> response = put("user-nophone", "{\"email\": \"a@example.com\", \"channel\": \"sms\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly("phone");
    }

    @Test
    void csvWithBadRowsIsRejectedWholeWithEachLineNamed() throws Exception {
        String csv = """
                external_id,name,email,phone,locale,channel,time_zone
                csv-1,Ana,ana@example.com,+5215512345678,es,email,America/Mexico_City
                csv-2,"Souza, João",joao@example,+5511987654321,pt-BR,sms,America/Sao_Paulo
                csv-3,Bob,bob@example.com,,de,email,
                csv-1,Ana again,ana2@example.com,,es,,
                """;
        HttpResponse<String> response = importCsv(csv);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        assertThat(errors.findValuesAsText("line")).containsExactly("3", "4", "5");
        assertThat(errors.findValuesAsText("field")).containsExactly("email", "locale", "external_id");
        assertThat(send(request("/api/contacts/csv-1").GET()).statusCode())
                .as("all or nothing: the good first row is not imported either").isEqualTo(404);
    }

    @Test
    void csvWithGoodRowsIsImported() throws Exception {
        String csv = "email,external_id,locale\r\nz@example.com,csv-ok-1,en\r\n\"y@example.com\",csv-ok-2,pt\r\n";
        HttpResponse<String> response = importCsv(csv);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("imported").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(send(request("/api/contacts/csv-ok-2").GET()).body()).path("email").asText())
                .isEqualTo("y@example.com");
    }

    @Test
    void whatsAppOptInIsImportedWithItsTimeAndABadTimeNamesItsLine() throws Exception {
        HttpResponse<String> bad = importCsv("""
                external_id,phone,channel,whatsapp_opt_in_at
                csv-wa-1,+5215512345678,whatsapp,2026-11-20T10:00:00Z
                csv-wa-2,+5215512345679,whatsapp,yesterday
                csv-wa-3,+5215512345670,whatsapp,
                """);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(bad.body()).path("errors");
        assertThat(errors.findValuesAsText("line")).containsExactly("3", "3", "4");
        assertThat(errors.findValuesAsText("field")).containsOnly("whatsapp_opt_in_at");

        assertThat(importCsv("external_id,phone,channel,whatsapp_opt_in_at\ncsv-wa-1,+5215512345678,whatsapp,"
                + "2026-11-20T10:00:00Z\n").statusCode()).isEqualTo(200);
        JsonNode stored = JSON.readTree(send(request("/api/contacts/csv-wa-1").GET()).body());
        assertThat(stored.path("channel").asText()).isEqualTo("whatsapp");
        assertThat(stored.path("whatsapp_opt_in_at").asText()).isEqualTo("2026-11-20T10:00:00Z");
    }

    @Test
    void contactsNeedTheApiKey() throws Exception {
        HttpResponse<String> response = send(new RelinkHttp(port).plain("/api/contacts/x").GET());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> put(String externalId, String json) throws Exception {
        return send(request("/api/contacts/" + externalId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> importCsv(String csv) throws Exception {
        return send(request("/api/contacts/import").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
    }

    private HttpRequest.Builder request(String path) {
        return new RelinkHttp(port).api(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return new RelinkHttp(port).send(request);
    }
}
