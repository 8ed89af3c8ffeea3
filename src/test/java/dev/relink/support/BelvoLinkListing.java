package dev.relink.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A WireMock "Belvo" answers the bulk read {@code GET /api/links/?id__in=a,b,...} from the stubs a
 * test already has for each link's {@code GET /api/links/{id}/}: the listing holds every link whose
 * detail answers 200, leaves out the ones that answer 404 (as Belvo's listing leaves out a link it
 * does not know), and any other answer (a 500, a 401) is the whole listing's answer. Scenarios on a
 * detail stub advance as each listing asks for it. Register {@link #extension()} with the server's
 * options and stub {@link #stub()}; the detail lookups carry a header, so {@link #reads} counts only
 * what Relink sent.
 */
public final class BelvoLinkListing implements ResponseDefinitionTransformerV2 {

    static final String NAME = "belvo-id-in-listing";
    static final String LOOKUP = "X-Test-Listing-Lookup";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static BelvoLinkListing extension() {
        return new BelvoLinkListing();
    }

    /** The bulk read's stub, under {@code basePath} ("" or e.g. "/belvo"), ahead of any other listing stub. */
    public static MappingBuilder stub(String basePath) {
        return get(urlPathMatching(basePath + "/api/links/")).withQueryParam("id__in", matching(".*")).atPriority(1)
                .willReturn(aResponse().withTransformers(NAME));
    }

    /** The bulk reads Relink sent: one per {@code id__in} request. */
    public static List<LoggedRequest> reads(WireMockServer server) {
        return server.findAll(getRequestedFor(urlPathMatching(".*/api/links/")).withQueryParam("id__in", matching(".*")));
    }

    /** The one-link reads Relink sent ({@code GET /api/links/{id}/}), without this listing's own lookups. */
    public static List<LoggedRequest> singleReads(WireMockServer server) {
        return server.findAll(getRequestedFor(urlPathMatching(".*/api/links/[^/]+/"))).stream()
                .filter(request -> !request.containsHeader(LOOKUP)).toList();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String listing = URI.create(request.getAbsoluteUrl()).resolve(".").toString();
        ArrayNode results = JSON.createArrayNode();
        for (String id : request.queryParameter("id__in").firstValue().split(",")) {
            HttpResponse<String> detail = lookUp(listing + id + "/");
            if (detail.statusCode() == 200) {
                results.add(read(detail.body()));
            } else if (detail.statusCode() != 404) {
                var failure = aResponse().withStatus(detail.statusCode()).withBody(detail.body());
                for (String header : List.of("Content-Type", "Retry-After")) {
                    detail.headers().firstValue(header).ifPresent(value -> failure.withHeader(header, value));
                }
                return failure.build();
            }
        }
        ObjectNode page = JSON.createObjectNode();
        page.put("count", results.size());
        page.putNull("next");
        page.putNull("previous");
        page.set("results", results);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(page.toString())
                .build();
    }

    private static HttpResponse<String> lookUp(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header(LOOKUP, "1").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(url, e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
