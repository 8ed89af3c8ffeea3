package dev.relink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.UnreadableBodies;

/** The admin API's JSON endpoints answer a body no parser setting could read with 400 naming why, and store nothing. */
class UnreadableJsonTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    static Stream<Arguments> unreadable() {
        String linkError = "{\"link_id\":\"" + UUID.randomUUID() + "\",\"status\":400,\"code\":\"invalid_link\"}";
        String contact = "{\"email\":\"ana@example.com\",\"locale\":\"es\"}";
        return Stream.concat(
                UnreadableBodies.from(linkError).stream().map(c -> Arguments.of("POST", "/api/link-errors", c)),
                UnreadableBodies.from(contact).stream().map(c -> Arguments.of("PUT", "/api/contacts/ana-1", c)));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("unreadable")
    void aBodyTheParserRefusesIs400NamingWhy(String method, String path, UnreadableBodies.Case unreadable)
            throws Exception {
        long before = stored();

        HttpResponse<String> response = new RelinkHttp(port).send(new RelinkHttp(port).api(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(unreadable.body())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains(unreadable.reason());
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aLinkErrorWithU0000InAFieldIs400NamingItAndStoresNothing() throws Exception {
        long before = stored();

        HttpResponse<String> response = new RelinkHttp(port).send(new RelinkHttp(port).api("/api/link-errors")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"link_id\":\""
                        + UUID.randomUUID() + "\",\"status\":428,\"code\":\"token_required\",\"request_id\":\"r\\u0000\"}")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("Field 'request_id' contains the character U+0000");
        assertThat(stored()).isEqualTo(before);
    }

    long stored() {
        return jdbc.queryForObject("select (select count(*) from incident) + (select count(*) from contact)", Long.class);
    }
}
