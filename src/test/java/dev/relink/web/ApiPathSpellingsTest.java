package dev.relink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RawHttp;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Every way of spelling an admin API path that the servlet container and Spring MVC would still route
 * to its handler, sent byte for byte over a socket: without the key none of them answers the contact.
 */
class ApiPathSpellingsTest extends RelinkIntegrationTest {

    private static final String ID = "spelling-user";
    private static final String EMAIL = "spelling-user@example.com";
    private static final Map<String, String> KEY = Map.of("Authorization", "Bearer " + API_KEY);

    /** Spring MVC serves each of these as GET /api/contacts/spelling-user. */
    private static final List<String> ROUTED = List.of(
            "/api/contacts/" + ID,
            "/%61pi/contacts/" + ID,
            "/%61%70%69/contacts/" + ID,
            "/api/%63ontacts/" + ID,
            "/api/c%6Fntacts/" + ID,
            "/api/c%6fntacts/" + ID,
            "/api/contacts/%73pelling-user",
            "/api/contacts/" + ID + "?x=y");

    /** Dot segments, doubled and encoded slashes, matrix parameters, backslashes, double encoding. */
    private static final List<String> NOT_PLAIN = List.of(
            "/api/./contacts/" + ID,
            "/x/../api/contacts/" + ID,
            "/api/contacts/../contacts/" + ID,
            "/api/contacts/" + ID + "/.",
            "/api/%2e/contacts/" + ID,
            "/api/%2E/contacts/" + ID,
            "/x/%2e%2e/api/contacts/" + ID,
            "/x/.%2E/api/contacts/" + ID,
            "//api/contacts/" + ID,
            "/api//contacts/" + ID,
            "/api/contacts//" + ID,
            "/api;x=y/contacts/" + ID,
            "/api/contacts;x=y/" + ID,
            "/api/contacts/" + ID + ";x=y",
            "/;x=y/api/contacts/" + ID,
            "/%61pi;x=y/contacts/" + ID,
            "/api/contacts/" + ID + ";jsessionid=0",
            "/api%3Bx=y/contacts/" + ID,
            "/%2561pi/contacts/" + ID);

    /** Tomcat itself answers these 400 (its own page) before any filter: encoded slashes, backslashes, NUL. */
    private static final List<String> REFUSED_BY_TOMCAT = List.of(
            "/api%2Fcontacts/" + ID,
            "/api%2fcontacts/" + ID,
            "/api\\contacts/" + ID,
            "/api%5Ccontacts/" + ID,
            "/api/contacts/" + ID + "%00",
            "/../api/contacts/" + ID);

    @Value("${local.server.port}")
    int port;

    RawHttp raw;

    @BeforeEach
    void aContact() throws Exception {
        raw = new RawHttp(port);
        new RelinkHttp(port).putContact(ID, Map.of("name", "Spelling User", "email", EMAIL));
    }

    @Test
    void everySpellingMvcRoutesToTheApiNeedsTheKey() throws Exception {
        List<String> spellings = new ArrayList<>(ROUTED);
        spellings.add("http://localhost:" + port + "/api/contacts/" + ID); // absolute-form request target
        SoftAssertions softly = new SoftAssertions();
        for (String spelling : spellings) {
            RawHttp.Answer anonymous = raw.send("GET", spelling, Map.of());
            softly.assertThat(anonymous.status()).as("GET %s without the key", spelling).isEqualTo(401);
            softly.assertThat(anonymous.header("Content-Type")).as(spelling).startsWith("application/problem+json");
            softly.assertThat(anonymous.header("WWW-Authenticate")).as(spelling).isEqualTo("Bearer realm=\"relink\"");
            softly.assertThat(anonymous.body()).as(spelling).doesNotContain(EMAIL);

            RawHttp.Answer withKey = raw.send("GET", spelling, KEY);
            softly.assertThat(withKey.status()).as("GET %s with the key", spelling).isEqualTo(200);
            softly.assertThat(withKey.body()).as(spelling).contains(EMAIL);
        }
        softly.assertAll();
    }

    @Test
    void aPathNotInItsPlainFormIsA400BeforeAnyRule() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String spelling : NOT_PLAIN) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), KEY)) {
                RawHttp.Answer answer = raw.send("GET", spelling, headers);
                String as = "GET " + spelling + (headers.isEmpty() ? " without" : " with") + " the key";
                softly.assertThat(answer.status()).as(as).isEqualTo(400);
                softly.assertThat(answer.header("Content-Type")).as(as).startsWith("application/problem+json");
                softly.assertThat(answer.body()).as(as).doesNotContain(EMAIL);
            }
        }
        for (String spelling : REFUSED_BY_TOMCAT) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), KEY)) {
                RawHttp.Answer answer = raw.send("GET", spelling, headers);
                softly.assertThat(answer.status()).as(spelling).isEqualTo(400);
                softly.assertThat(answer.body()).as(spelling).doesNotContain(EMAIL);
            }
        }
        softly.assertAll();
    }

    @Test
    void theOtherEndpointsSpelledOtherwiseNeedTheKeyToo() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String request : List.of("GET /%61pi/incidents", "GET /%61pi/dead-letters", "GET /%61pi/webhooks",
                "GET /%61pi/users/" + ID + "/links-needing-update", "GET /%61pi/incidents/funnel",
                "POST /%61pi/dead-letters/replay", "POST /%61pi/links/x/widget-token", "HEAD /%61pi/contacts/" + ID,
                "OPTIONS /%61pi/contacts/" + ID, "DELETE /%61pi/contacts/" + ID, "DELETE /api/contacts/" + ID + "/",
                "GET /api", "GET /%61pi", "GET /api/", "GET /api/contacts/" + ID + "/")) {
            String[] parts = request.split(" ");
            softly.assertThat(raw.send(parts[0], parts[1], Map.of()).status()).as(request).isEqualTo(401);
        }
        softly.assertAll();
        assertThat(raw.send("GET", "/api/contacts/" + ID, KEY).body()).as("the DELETEs did nothing").contains(EMAIL);
    }

    @Test
    void whatNoRuleNamesIsNotServed() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/nothing-here", "/API/contacts/" + ID, "/actuator", "/actuator/env",
                "/actuator/info", "/actuator/beans", "/actuator/%68eapdump", "/favicon.ico", "/error")) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), KEY)) {
                RawHttp.Answer answer = raw.send("GET", path, headers);
                softly.assertThat(answer.status()).as(path).isEqualTo(404);
                softly.assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
                softly.assertThat(answer.body()).as(path).doesNotContain("null"); // unset fields left out
            }
        }
        softly.assertAll();
    }
}
