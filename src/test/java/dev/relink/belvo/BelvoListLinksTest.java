package dev.relink.belvo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** {@code belvo.list-links} against a WireMock Belvo: paging by {@code next}, filters, refusing foreign hosts. */
@RecordApplicationEvents
class BelvoListLinksTest extends WireMockBelvoTest {

    static final String LINKS_PATH = BELVO_BASE_PATH + "/api/links/";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    final ObjectMapper json = new ObjectMapper();

    @Autowired
    ApplicationEvents events;

    MockEndpoint handedOn;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        handedOn = camel.getEndpoint("mock:belvo-links", MockEndpoint.class);
        handedOn.reset();
    }

    @Test
    void followsNextUntilNullAndHandsOnEachLinkAlone() {
        List<String> page1 = ids(3);
        List<String> page2 = ids(3);
        List<String> page3 = ids(1);
        String filter = "status__in=invalid%2Ctoken_required";
        stubPage(null, page1, wireMock.baseUrl() + LINKS_PATH + "?page=2&page_size=1000&" + filter, true);
        stubPage("2", page2, wireMock.baseUrl() + LINKS_PATH + "?page=3&page_size=1000&" + filter, false);
        stubPage("3", page3, null, true);

        Integer count = listLinks(Map.of("status__in", "invalid,token_required"));

        assertThat(count).isEqualTo(7);
        List<String> expected = new ArrayList<>(page1);
        expected.addAll(page2);
        expected.addAll(page3);
        assertThat(handedOn.getExchanges()).extracting(e -> e.getMessage().getBody(Link.class).id())
                .containsExactlyElementsOf(expected);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(LINKS_PATH)).withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .withQueryParam("page_size", equalTo("1000"))
                .withQueryParam("status__in", equalTo("invalid,token_required")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(LINKS_PATH)).withQueryParam("page", equalTo("3"))
                .withQueryParam("status__in", equalTo("invalid,token_required")));
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(LINKS_PATH)));
    }

    @Test
    void withOnPageHandsOnEachPageWholeInOrder() {
        List<String> page1 = ids(3);
        List<String> page2 = ids(2);
        stubPage(null, page1, wireMock.baseUrl() + LINKS_PATH + "?page=2&page_size=1000", false);
        stubPage("2", page2, null, true);
        MockEndpoint pages = camel.getEndpoint("mock:belvo-pages", MockEndpoint.class);
        pages.reset();

        Integer count = producer.requestBodyAndHeaders("direct:belvo.list-links", null,
                Map.of("belvoQuery", Map.of(), "onPage", "mock:belvo-pages"), Integer.class);

        assertThat(count).isEqualTo(5);
        assertThat(pages.getExchanges()).extracting(e -> e.getMessage().getBody(List.class).stream()
                .map(link -> ((Link) link).id()).toList())
                .containsExactly(page1, page2);
        assertThat(handedOn.getExchanges()).isEmpty();
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(LINKS_PATH)));
    }

    @Test
    void everyLinkBelvoDescribesIsAnnouncedWhetherListedOrReadAlone() {
        List<String> listed = ids(2);
        stubPage(null, listed, null, true);
        String single = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlPathEqualTo(LINKS_PATH + single + "/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + single + "\",\"status\":\"invalid\",\"external_id\":\"user-9\"}")));

        listLinks(Map.of("status__in", "invalid,token_required"));
        producer.requestBodyAndHeader("direct:belvo.get-link", null, "linkId", single, Link.class);

        List<String> expected = new ArrayList<>(listed);
        expected.add(single);
        assertThat(events.stream(LinkRead.class).map(read -> read.link().id())).containsExactlyElementsOf(expected);
        assertThat(events.stream(LinkRead.class).reduce((first, last) -> last).orElseThrow().link().externalId())
                .isEqualTo("user-9");
    }

    @Test
    void sendsEveryFilterAndOverridesPaging() {
        stubPage(null, ids(1), null, true);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("status", "invalid");
        filters.put("external_id", "user 42&co");
        filters.put("institution", "erebor_mx_retail");
        filters.put("page_size", "5");

        assertThat(listLinks(filters)).isEqualTo(1);

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(LINKS_PATH))
                .withQueryParam("status", equalTo("invalid"))
                .withQueryParam("external_id", equalTo("user 42&co"))
                .withQueryParam("institution", equalTo("erebor_mx_retail"))
                .withQueryParam("page_size", equalTo("1000")));
    }

    @Test
    void refusesANextPageOnAnotherHost() {
        stubPage(null, ids(2), "https://belvo.example.net/api/links/?page=2", true);

        assertThatThrownBy(() -> listLinks(Map.of()))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(BelvoApiException.class)
                .hasMessageContaining("refusing to send the secret keys")
                .hasMessageContaining("belvo.example.net");
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(LINKS_PATH)));
    }

    @Test
    void refusesANextPageOutsideTheBasePath() {
        stubPage(null, ids(1), wireMock.baseUrl() + "/elsewhere/api/links/?page=2", true);

        assertThatThrownBy(() -> listLinks(Map.of())).cause().isInstanceOf(BelvoApiException.class)
                .hasMessageContaining("refusing");
    }

    private Integer listLinks(Map<String, String> filters) {
        return producer.requestBodyAndHeaders("direct:belvo.list-links", null,
                Map.of("belvoQuery", filters, "onLink", "mock:belvo-links"), Integer.class);
    }

    private void stubPage(String page, List<String> ids, String next, boolean nextFirst) {
        ObjectNode body = json.createObjectNode();
        if (nextFirst) {
            body.put("count", 7).put("next", next).putNull("previous");
        }
        ArrayNode results = body.putArray("results");
        ids.forEach(id -> results.addObject().put("id", id).put("institution", "erebor_mx_retail")
                .put("status", "invalid").put("created_at", "2024-02-09T08:45:50.406032Z")
                .put("access_mode", "recurrent").putArray("fetch_resources").add("ACCOUNTS"));
        if (!nextFirst) {
            body.put("next", next).put("count", 7);
        }
        var request = get(urlPathEqualTo(LINKS_PATH)).withQueryParam("page",
                page == null ? com.github.tomakehurst.wiremock.client.WireMock.absent() : equalTo(page));
        wireMock.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Set-Cookie", "session=abc").withBody(body.toString())));
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

}
