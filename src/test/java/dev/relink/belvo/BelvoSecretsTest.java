package dev.relink.belvo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.support.RelinkHttp;

/** The Belvo secret keys never show in logs, exceptions, endpoint URIs or metrics, whatever fails. */
class BelvoSecretsTest extends WireMockBelvoTest {

    static final String LINK_ID = "16f68516-bcbc-4cf7-b815-c500d4204e28";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    @Value("${local.server.port}")
    int port;

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<String> exceptionTexts = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        wireMock.resetAll();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void stopCapture() {
        root().detachAppender(logs);
    }

    @Test
    void secretKeysAppearNowhereWhenCallsFail() throws Exception {
        wireMock.stubFor(post(BELVO_BASE_PATH + "/api/token/").willReturn(aResponse().withStatus(500)
                .withBody("[{\"code\":\"unexpected_error\",\"message\":\"boom\",\"request_id\":\"r1\"}]")));
        wireMock.stubFor(get(BELVO_BASE_PATH + "/api/links/" + LINK_ID + "/")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wireMock.stubFor(get(urlPathEqualTo(BELVO_BASE_PATH + "/api/links/")).willReturn(aResponse().withStatus(200)
                .withBody("{\"next\":\"https://evil.example/api/links/?page=2\",\"results\":[]}")));

        BelvoApiException token = fails("direct:belvo.create-widget-token", Map.of("linkId", LINK_ID));
        BelvoApiException unreachable = fails("direct:belvo.get-link", Map.of("linkId", LINK_ID));
        fails("direct:belvo.list-links", Map.of("belvoQuery", Map.of(), "onLink", "mock:ignored"));

        assertThat(token.status()).isEqualTo(500);
        assertThat(unreachable.status()).isEqualTo(BelvoApiException.UNREACHABLE);
        assertThat(unreachable.isRetryable()).isTrue();
        wireMock.verify(1 + BELVO_REDELIVERIES, getRequestedFor(urlEqualTo(BELVO_BASE_PATH + "/api/links/" + LINK_ID + "/")));

        List<String> places = new ArrayList<>(exceptionTexts);
        logs.list.forEach(event -> {
            places.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                places.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        });
        camel.getEndpoints().stream().map(Endpoint::getEndpointUri).forEach(places::add);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", RelinkHttp.scrapeAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("relink_belvo_retries_total");
        places.add(metrics.body());

        assertThat(logs.list).as("the failures were logged").isNotEmpty();
        String basic = Base64.getEncoder().encodeToString((BELVO_ID + ":" + BELVO_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(places).allSatisfy(text -> assertThat(text).doesNotContain(BELVO_ID, BELVO_PASSWORD, basic));
    }

    /** Why the keys are no endpoint options at all: Camel masks the option names it knows, and only those. */
    @Test
    void camelMasksOnlyTheOptionNamesItKnows() {
        String known = URISupport.sanitizeUri("https://sandbox.belvo.com/api/links/?authMethod=Basic&authUsername="
                + BELVO_ID + "&authPassword=" + BELVO_PASSWORD);
        String unknown = URISupport.sanitizeUri("https://sandbox.belvo.com/api/token/?id=" + BELVO_ID);

        assertThat(known).doesNotContain(BELVO_ID, BELVO_PASSWORD);
        assertThat(unknown).contains(BELVO_ID);
        assertThat(camel.getEndpoints()).extracting(Endpoint::getEndpointUri)
                .noneMatch(uri -> uri.contains("authUsername") || uri.contains("authPassword"));
    }

    private BelvoApiException fails(String uri, Map<String, Object> headers) {
        try {
            producer.requestBodyAndHeaders(uri, null, headers);
        } catch (CamelExecutionException e) {
            exceptionTexts.add(e.toString());
            for (Throwable t = e; t != null; t = t.getCause()) {
                exceptionTexts.add(String.valueOf(t.getMessage()));
            }
            assertThat(e.getCause()).isInstanceOf(BelvoApiException.class);
            return (BelvoApiException) e.getCause();
        }
        throw new AssertionError(uri + " should have failed");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
