package dev.relink.belvo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.support.BelvoExamples;

/** The Belvo client routes against a WireMock Belvo: retries, error mapping, credentials. */
class BelvoClientTest extends WireMockBelvoTest {

    static final String LINK_ID = "30cb4806-6e00-48a4-91c9-ca55968576c8";
    static final String LINK_PATH = BELVO_BASE_PATH + "/api/links/" + LINK_ID + "/";
    static final Path EXAMPLES = BelvoExamples.DIRECTORY;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    MeterRegistry meters;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void resetBelvo() {
        wireMock.resetAll();
    }

    @Test
    void getLinkRetriesServerErrorsThenSucceeds() throws IOException {
        String link = example("link-detail-token_required.json");
        wireMock.stubFor(get(LINK_PATH).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(belvoError(500, "error-500-unexpected_error.json")).willSetStateTo("second"));
        wireMock.stubFor(get(LINK_PATH).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(belvoError(500, "error-500-unexpected_error.json")).willSetStateTo("healthy"));
        wireMock.stubFor(get(LINK_PATH).inScenario("flaky").whenScenarioStateIs("healthy")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(link)));
        double retriesBefore = retries("belvo.get-link", "500");

        Link fetched = producer.requestBodyAndHeaders("direct:belvo.get-link", null,
                Map.of("linkId", LINK_ID, "incidentId", "incident-7"), Link.class);

        assertThat(fetched.id()).isEqualTo(LINK_ID);
        assertThat(fetched.status()).isEqualTo(Link.TOKEN_REQUIRED);
        assertThat(fetched.institution()).isEqualTo("heimdall_mx_retail");
        wireMock.verify(3, getRequestedFor(urlEqualTo(LINK_PATH))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials(BELVO_ID, BELVO_PASSWORD))
                .withHeader("incidentId", absent())
                .withHeader("linkId", absent()));
        assertThat(retries("belvo.get-link", "500") - retriesBefore).isEqualTo(2.0);
    }

    @Test
    void waitsWhatRetryAfterSaysOn429() throws IOException {
        wireMock.stubFor(get(LINK_PATH).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
        wireMock.stubFor(get(LINK_PATH).inScenario("limited").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(example("link-detail-token_required.json"))));

        Instant start = Instant.now();
        Link fetched = producer.requestBodyAndHeader("direct:belvo.get-link", null, "linkId", LINK_ID, Link.class);
        Duration elapsed = Duration.between(start, Instant.now());

        assertThat(fetched.id()).isEqualTo(LINK_ID);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(SHORT_DELAY_MILLIS).as("the policy's own delay is far shorter").isLessThan(200);
        wireMock.verify(2, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    @Test
    void unauthorizedIsNotRetried() throws IOException {
        wireMock.stubFor(get(LINK_PATH).willReturn(belvoError(401, "error-401-authentication_failed.json")));

        BelvoApiException failure = getLinkFails();

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.code()).isEqualTo("authentication_failed");
        assertThat(failure.isRetryable()).isFalse();
        wireMock.verify(1, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    @Test
    void loginErrorIsNotRetried() throws IOException {
        wireMock.stubFor(get(LINK_PATH).willReturn(belvoError(400, "error-400-login_error.json")));

        BelvoApiException failure = getLinkFails();

        assertThat(failure.code()).isEqualTo("login_error");
        wireMock.verify(1, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    @Test
    void retryableFailureReachesTheCallerAfterTheLastAttempt() throws IOException {
        wireMock.stubFor(get(LINK_PATH).willReturn(belvoError(500, "error-500-unexpected_error.json")));

        BelvoApiException failure = getLinkFails();

        assertThat(failure.status()).isEqualTo(500);
        assertThat(failure.isRetryable()).isTrue();
        wireMock.verify(1 + BELVO_REDELIVERIES, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    static Stream<String> errorExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("error-")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("errorExamples")
    void eachBelvoErrorExampleMapsToTheException(String file) throws IOException {
        int status = Integer.parseInt(file.split("-")[1]);
        JsonNode expected = json.readTree(example(file)).get(0);
        wireMock.stubFor(get(LINK_PATH).willReturn(belvoError(status, file)));

        BelvoApiException failure = getLinkFails();

        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.code()).isEqualTo(expected.get("code").asText());
        assertThat(failure.belvoMessage()).isEqualTo(expected.get("message").asText());
        assertThat(failure.requestId()).isEqualTo(expected.get("request_id").asText());
        assertThat(failure.getMessage()).contains(expected.get("code").asText(), "GET /api/links/" + LINK_ID + "/");
        boolean retryable = status >= 500 || "too_many_sessions".equals(expected.get("code").asText());
        assertThat(failure.isRetryable()).isEqualTo(retryable);
        wireMock.verify(retryable ? 1 + BELVO_REDELIVERIES : 1, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    @Test
    void firewallHtmlPageIsRetriedLikeARateLimitAndMapsCleanly() {
        wireMock.stubFor(get(LINK_PATH).willReturn(firewallPage()));
        double retriesBefore = retries("belvo.get-link", "403");

        BelvoApiException failure = getLinkFails();

        assertThat(failure.status()).isEqualTo(403);
        assertThat(failure.code()).isEqualTo(BelvoApiException.FIREWALL);
        assertThat(failure.belvoMessage()).contains("text/html", "403 Forbidden", "openresty", "80 requests in 30 s")
                .doesNotContain("<");
        assertThat(failure.isRetryable()).isTrue();
        wireMock.verify(1 + BELVO_REDELIVERIES, getRequestedFor(urlEqualTo(LINK_PATH)));
        assertThat(retries("belvo.get-link", "403") - retriesBefore).isEqualTo(BELVO_REDELIVERIES);
    }

    @Test
    void firewallRefusalThatPassesIsNoFailure() throws IOException {
        wireMock.stubFor(get(LINK_PATH).inScenario("waf").whenScenarioStateIs(STARTED)
                .willReturn(firewallPage()).willSetStateTo("calm"));
        wireMock.stubFor(get(LINK_PATH).inScenario("waf").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(example("link-detail-token_required.json"))));

        Link fetched = producer.requestBodyAndHeader("direct:belvo.get-link", null, "linkId", LINK_ID, Link.class);

        assertThat(fetched.id()).isEqualTo(LINK_ID);
        wireMock.verify(2, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    @Test
    void aJsonForbiddenNeedsAPersonAndIsNotRetried() throws IOException {
        wireMock.stubFor(get(LINK_PATH).willReturn(aResponse().withStatus(403).withHeader("Content-Type",
                "application/json").withBody("[{\"code\": \"access_to_resource_denied\", \"message\": \"You don't have "
                        + "access to this resource.\", \"request_id\": \"9e7c1b4c2ba84c1a9bd7b2ec1d3c3f7e\"}]")));

        BelvoApiException failure = getLinkFails();

        assertThat(failure.code()).isEqualTo("access_to_resource_denied");
        assertThat(failure.isRetryable()).isFalse();
        wireMock.verify(1, getRequestedFor(urlEqualTo(LINK_PATH)));
    }

    /** What Belvo's firewall (openresty) answers past 80 requests in 30 s from one IP. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder firewallPage() {
        return aResponse().withStatus(403).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1>"
                        + "</center><hr><center>openresty</center></body></html>");
    }

    @Test
    void retryAfterAsHttpDateIsUnderstood() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        assertThat(BelvoResponses.parseRetryAfter("Wed, 25 Nov 2026 12:00:07 GMT", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(BelvoResponses.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(BelvoResponses.parseRetryAfter("soon", now)).isNull();
    }

    @Test
    void createsWidgetTokenWithKeysInBodyAndBasicAuth() throws IOException {
        wireMock.stubFor(post(BELVO_BASE_PATH + "/api/token/").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(example("token-response.json"))));

        WidgetToken token = producer.requestBodyAndHeader("direct:belvo.create-widget-token", null, "linkId", LINK_ID,
                WidgetToken.class);

        JsonNode expected = json.readTree(example("token-response.json"));
        assertThat(token.access()).isEqualTo(expected.get("access").asText());
        assertThat(token.refresh()).isEqualTo(expected.get("refresh").asText());
        assertThat(token.expiresAt()).isCloseTo(Instant.now().plus(10, ChronoUnit.MINUTES), within(30, ChronoUnit.SECONDS));
        assertThat(token.toString()).doesNotContain(token.access());
        wireMock.verify(1, postRequestedFor(urlEqualTo(BELVO_BASE_PATH + "/api/token/"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials(BELVO_ID, BELVO_PASSWORD))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("application/json"))
                .withRequestBody(equalToJson("""
                        {"id": "%s", "password": "%s", "link_id": "%s",
                         "scopes": "read_institutions,write_links,read_links"}""".formatted(BELVO_ID, BELVO_PASSWORD,
                        LINK_ID))));
    }

    private BelvoApiException getLinkFails() {
        try {
            producer.requestBodyAndHeader("direct:belvo.get-link", null, "linkId", LINK_ID, Link.class);
        } catch (CamelExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BelvoApiException.class);
            return (BelvoApiException) e.getCause();
        }
        throw new AssertionError("the call should have failed");
    }

    private double retries(String route, String status) {
        Counter counter = meters.find("relink.belvo.retries").tag("route", route).tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder belvoError(int status, String file)
            throws IOException {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(example(file));
    }

    static String example(String file) {
        return BelvoExamples.read(file);
    }
}
