package dev.relink.belvo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkIntegrationTest;

/** The Belvo client routes against the local Belvo emulator (/sandbox/api), through real HTTP. */
class BelvoClientSandboxTest extends RelinkIntegrationTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    MockEndpoint handedOn;

    /** Leave the shared emulator as it started: other test classes poll it. */
    @AfterAll
    static void backToDemoState(@Value("${local.server.port}") int port) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/sandbox/admin/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @BeforeEach
    void freshSandbox() throws Exception {
        admin("/sandbox/admin/reset", "{}");
        handedOn = camel.getEndpoint("mock:sandbox-links", MockEndpoint.class);
        handedOn.reset();
    }

    @Test
    void listsThousandsOfLinksOverSeveralPagesWithStatusIn() throws Exception {
        seed(1_000, "erebor_mx_retail", "invalid", "bulk-invalid");
        seed(700, "heimdall_mx_retail", "token_required", "bulk-mfa");
        seed(800, "erebor_mx_retail", "valid", "bulk-valid");
        int broken = belvoCount("status__in=invalid,token_required");

        Integer count = listLinks(Map.of("status__in", "invalid,token_required"));

        assertThat(broken).isGreaterThanOrEqualTo(1_700);
        assertThat(count).isEqualTo(broken);
        Set<String> ids = new HashSet<>();
        handedOn.getExchanges().forEach(exchange -> {
            Link link = exchange.getMessage().getBody(Link.class);
            assertThat(link.status()).isIn(Link.INVALID, Link.TOKEN_REQUIRED);
            ids.add(link.id());
        });
        assertThat(ids).as("each link once, over %d pages of 1,000", (broken + 999) / 1000).hasSize(broken);
    }

    @Test
    void eachFilterNarrowsTheListing() throws Exception {
        seed(3, "erebor_mx_retail", "invalid", "filter-a");
        seed(2, "heimdall_mx_retail", "valid", "filter-b");

        assertThat(listLinks(Map.of("external_id", "filter-a-2"))).isEqualTo(1);
        assertThat(handedOn.getExchanges().get(0).getMessage().getBody(Link.class).externalId()).isEqualTo("filter-a-2");
        assertThat(listLinks(Map.of("status", "valid"))).isEqualTo(belvoCount("status=valid"));
        assertThat(listLinks(Map.of("institution", "heimdall_mx_retail")))
                .isEqualTo(belvoCount("institution=heimdall_mx_retail"));
        assertThat(listLinks(Map.of("institution", "heimdall_mx_retail", "external_id", "filter-b-1"))).isEqualTo(1);
        assertThat(listLinks(Map.of("institution", "erebor_mx_retail", "external_id", "filter-b-1"))).isZero();
    }

    @Test
    void getsOneLinkAndMapsAnUnknownOneToNotFound() throws Exception {
        String id = seed(1, "heimdall_mx_retail", "token_required", "detail").get(0);

        Link link = producer.requestBodyAndHeader("direct:belvo.get-link", null, "linkId", id, Link.class);

        assertThat(link.id()).isEqualTo(id);
        assertThat(link.status()).isEqualTo(Link.TOKEN_REQUIRED);
        assertThat(link.externalId()).isEqualTo("detail-1");
        assertThat(link.createdAt()).isNotNull();
        assertThatThrownBy(() -> producer.requestBodyAndHeader("direct:belvo.get-link", null, "linkId",
                "00000000-0000-0000-0000-000000000000", Link.class))
                .isInstanceOf(CamelExecutionException.class).cause().isInstanceOfSatisfying(BelvoApiException.class,
                        e -> {
                            assertThat(e.isNotFound()).isTrue();
                            assertThat(e.code()).isEqualTo("not_found");
                            assertThat(e.requestId()).matches("[0-9a-f]{32}");
                        });
    }

    @Test
    void readsManyLinksInBulkAHundredIdsARequest() throws Exception {
        List<String> ids = new ArrayList<>(seed(250, "erebor_mx_retail", "invalid", "many"));
        String unknown = UUID.randomUUID().toString();
        List<String> asked = new ArrayList<>(ids);
        asked.addAll(List.of(unknown, "not-a-belvo-id", ids.get(0).toUpperCase(Locale.ROOT)));
        double listingsBefore = listingRequests();

        LinkReads reads = producer.requestBodyAndHeader("direct:belvo.get-links", null, "linkIds", asked,
                LinkReads.class);

        // the emulator's server metrics count a request just after answering it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(listingRequests() - listingsBefore)
                .as("251 distinct UUIDs, 100 a request").isEqualTo(3));
        for (String id : ids) {
            assertThat(reads.link(id).status()).isEqualTo(Link.INVALID);
        }
        assertThat(reads.link(ids.get(0).toUpperCase(Locale.ROOT)).id()).isEqualTo(ids.get(0));
        assertThat(reads.asked(unknown)).isTrue();
        assertThat(reads.link(unknown)).as("unknown to Belvo").isNull();
        assertThat(reads.link("not-a-belvo-id")).as("not a UUID, so not a Belvo link").isNull();
        assertThat(reads.asked(UUID.randomUUID().toString())).isFalse();
    }

    /** The emulator's answered listing requests (other tests' refused ones have timers of their own). */
    private double listingRequests() {
        return meters.find("http.server.requests").tag("uri", "/sandbox/api/links/").tag("status", "200").timers()
                .stream().mapToDouble(Timer::count).sum();
    }

    @Test
    void createsAWidgetTokenForTheLink() throws Exception {
        String id = seed(1, "heimdall_mx_retail", "token_required", "token").get(0);

        WidgetToken token = producer.requestBodyAndHeader("direct:belvo.create-widget-token", null, "linkId", id,
                WidgetToken.class);

        assertThat(token.access().split("\\.")).hasSize(3);
        assertThat(token.refresh()).isNotBlank();
        assertThat(token.expiresAt()).isAfter(Instant.now().plusSeconds(9 * 60));
        JsonNode minted = json.readTree(admin("/sandbox/admin/links/" + id + "/tokens", null));
        assertThat(minted.get("minted").asInt()).isEqualTo(1);
    }

    private Integer listLinks(Map<String, String> filters) {
        handedOn.reset();
        return producer.requestBodyAndHeaders("direct:belvo.list-links", null,
                Map.of("belvoQuery", filters, "onLink", "mock:sandbox-links"), Integer.class);
    }

    private int belvoCount(String query) throws Exception {
        String basic = Base64.getEncoder().encodeToString((BELVO_ID + ":" + BELVO_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/sandbox/api/links/?page_size=1&" + query)).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(page.body()).get("count").asInt();
    }

    private List<String> seed(int count, String institution, String status, String prefix) throws Exception {
        JsonNode created = json.readTree(admin("/sandbox/admin/links", json.writeValueAsString(Map.of("count", count,
                "institution", institution, "status", status, "external_id_prefix", prefix))));
        return json.convertValue(created.get("ids"), json.getTypeFactory().constructCollectionType(List.class,
                String.class));
    }

    private String admin(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isBetween(200, 299);
        return response.body();
    }
}
