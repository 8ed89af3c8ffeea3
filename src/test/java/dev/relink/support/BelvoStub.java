package dev.relink.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;


/**
 * Belvo's link endpoints, played by WireMock, with each link in the state a test needs: on a WireMock of its
 * own ({@link #BelvoStub()}), or under a base path of one a test base shares ({@link #BelvoStub(WireMockServer,
 * String)}, {@code belvo.WireMockBelvoTest}'s, whose other classes reset it: {@link #baseline()} again after that).
 */
public final class BelvoStub {

    public final WireMockServer server;
    private final String basePath;
    /** The link id of a request to {@code <basePath>/api/links/{id}/}, in WireMock's response templates. */
    private final String linkIdOfRequest;
    private final List<StubMapping> baseline = new ArrayList<>();
    private final List<StubMapping> downByName = new ArrayList<>();

    /** Belvo at the root of a WireMock of its own, started now. */
    public BelvoStub() {
        // Enough Jetty threads that its acceptors and selectors never starve the request handlers on a small machine.
        this(new WireMockServer(options().dynamicPort().containerThreads(64).jettyAcceptors(1)
                .extensions(BelvoLinkListing.extension())), "");
        server.start();
        baseline();
    }

    /**
     * Belvo at {@code basePath} of a running WireMock that has the {@link BelvoLinkListing} extension; nothing is
     * stubbed until {@link #baseline()}.
     */
    public BelvoStub(WireMockServer server, String basePath) {
        this.server = server;
        this.basePath = basePath;
        int baseSegments = basePath.isEmpty() ? 0 : basePath.split("/").length - 1;
        this.linkIdOfRequest = "{{request.path.[" + (baseSegments + 2) + "]}}";
    }

    /**
     * What every test may take for granted, stubbed (again, after a reset of a shared server): the bulk read
     * answered from the one-link stubs, and no institution down (unless a test says otherwise, institutionsDown).
     */
    public void baseline() {
        baseline.forEach(server::removeStub);
        baseline.clear();
        baseline.add(server.stubFor(BelvoLinkListing.stub(basePath)));
        institutionsDown(List.of());
    }

    /** Belvo's base URL, as Relink's relink.belvo.base-url. */
    public String baseUrl() {
        return server.baseUrl() + basePath;
    }

    /** The path of a Belvo endpoint ({@code /api/links/}) on this server. */
    public String path(String endpoint) {
        return basePath + endpoint;
    }

    /** The link as Belvo describes it, owned by external id {@code user-<id>}. */
    public static String link(String id, String status) {
        return link(id, status, "user-" + id);
    }

    /** The link as Belvo describes it; a null external id is Belvo's {@code "external_id": null}. */
    public static String link(String id, String status, String externalId) {
        return link(id, status, externalId, "erebor_mx_retail");
    }

    /** The link, at this institution, as Belvo describes it. */
    public static String link(String id, String status, String externalId, String institution) {
        return """
                {"id":"%s","institution":"%s","access_mode":"recurrent","last_accessed_at":null,
                 "created_at":"2024-03-01T14:02:33.118204Z","external_id":%s,"institution_user_id":null,
                 "status":"%s","created_by":"bcef7f35-67f2-4b19-b009-cb38795faf09","refresh_rate":"7d",
                 "credentials_storage":"store","fetch_resources":["ACCOUNTS"],"stale_in":"365d"}"""
                .formatted(id, institution, externalId == null ? "null" : "\"" + externalId + "\"", status);
    }

    /** GET /api/links/{id}/ answers the link in this status from now on. */
    public void linkIs(String id, String status) {
        linkIs(id, status, "user-" + id);
    }

    /** GET /api/links/{id}/ answers the link in this status, owned by this external id (or none), from now on. */
    public void linkIs(String id, String status, String externalId) {
        server.stubFor(get(urlPathEqualTo(path("/api/links/" + id + "/"))).willReturn(json(200, link(id, status, externalId))));
    }

    /** Every link whose id starts with the prefix is in this status. */
    public void linksWithPrefixAre(String prefix, String status) {
        server.stubFor(get(urlPathMatching(path("/api/links/" + prefix + "[^/]*/")))
                .willReturn(json(200, link(linkIdOfRequest, status)).withTransformers("response-template")));
    }

    /** Every link whose id starts with the prefix is at this institution, in this status. */
    public void linksWithPrefixAre(String prefix, String status, String institution) {
        server.stubFor(get(urlPathMatching(path("/api/links/" + prefix + "[^/]*/"))).willReturn(json(200,
                link(linkIdOfRequest, status, "user-" + linkIdOfRequest, institution))
                .withTransformers("response-template")));
    }

    /** GET /api/institutions/ (any filter) lists these institutions as down, every other one healthy. */
    public void institutionsDown(List<String> names) {
        String results = names.stream().map(name -> "{\"name\":\"" + name + "\",\"status\":\"down\"}")
                .collect(Collectors.joining(","));
        downByName.forEach(server::removeStub);
        downByName.clear();
        downByName.add(server.stubFor(get(urlPathEqualTo(path("/api/institutions/"))).withQueryParam("status", equalTo("down"))
                .willReturn(json(200, "{\"count\":" + names.size() + ",\"next\":null,\"previous\":null,\"results\":["
                        + results + "]}"))));
        downByName.add(server.stubFor(get(urlPathEqualTo(path("/api/institutions/"))).withQueryParam("name", matching(".+"))
                .atPriority(10).willReturn(json(200, institution("{{request.query.name}}", "healthy"))
                        .withTransformers("response-template"))));
        for (String name : names) {
            downByName.add(server.stubFor(get(urlPathEqualTo(path("/api/institutions/"))).withQueryParam("name", equalTo(name))
                    .atPriority(5).willReturn(json(200, institution(name, "down")))));
        }
    }

    private static String institution(String name, String status) {
        return "{\"count\":1,\"next\":null,\"previous\":null,\"results\":[{\"name\":\"" + name + "\",\"status\":\""
                + status + "\"}]}";
    }

    /** Belvo knows no link whose id starts with the prefix: 404 not_found. */
    public void linksWithPrefixAreUnknown(String prefix) {
        server.stubFor(get(urlPathMatching(path("/api/links/" + prefix + "[^/]*/"))).willReturn(json(404,
                "[{\"code\":\"not_found\",\"message\":\"Not found.\",\"request_id\":\"0123456789abcdef0123456789abcdef\"}]")));
    }

    /** Bulk reads ({@code id__in}) that asked about any of these links. */
    public int bulkReadsAsking(Collection<String> links) {
        return (int) BelvoLinkListing.reads(server).stream()
                .filter(read -> Arrays.stream(read.queryParameter("id__in").firstValue().split(","))
                        .anyMatch(links::contains))
                .count();
    }

    /** One-link reads ({@code GET /api/links/{id}/}) that Relink sent. */
    public int singleReads() {
        return BelvoLinkListing.singleReads(server).size();
    }

    /** Belvo does not know the link: 404 not_found. */
    public void linkIsUnknown(String id) {
        server.stubFor(get(urlPathEqualTo(path("/api/links/" + id + "/"))).willReturn(json(404,
                "[{\"code\":\"not_found\",\"message\":\"Not found.\",\"request_id\":\"0123456789abcdef0123456789abcdef\"}]")));
    }

    /** GET /api/links/?status__in=invalid,token_required answers these pages, linked by {@code next}. */
    public void brokenLinkPages(List<List<String>> pages) {
        int count = pages.stream().mapToInt(List::size).sum();
        for (int i = 0; i < pages.size(); i++) {
            int page = i + 1;
            String next = page < pages.size()
                    ? "\"" + baseUrl() + "/api/links/?page=" + (page + 1) + "&status__in=invalid,token_required\""
                    : "null";
            String results = pages.get(i).stream().map(id -> link(id, "invalid")).collect(Collectors.joining(","));
            MappingBuilder request = get(urlPathEqualTo(path("/api/links/")))
                    .withQueryParam("status__in", equalTo("invalid,token_required"))
                    .withQueryParam("page", page == 1 ? absent() : equalTo(String.valueOf(page)));
            server.stubFor(request.willReturn(json(200, "{\"count\":" + count + ",\"next\":" + next
                    + ",\"previous\":null,\"results\":[" + results + "]}")));
        }
    }

    /**
     * Page {@code page} of the listing {@link #brokenLinkPages} set up is gone when asked for, as Belvo
     * answers a page past the last (404 "Invalid page."): links were repaired since the first page was read.
     */
    public void listingPageGone(int page) {
        server.stubFor(get(urlPathEqualTo(path("/api/links/"))).withQueryParam("status__in", equalTo("invalid,token_required"))
                .withQueryParam("page", equalTo(String.valueOf(page))).willReturn(json(404,
                        "[{\"code\":\"not_found\",\"message\":\"Invalid page.\",\"request_id\":\"0123456789abcdef0123456789abcdef\"}]")));
    }

    /** Pages of the poll's listing ({@code status__in}) that Relink asked for. */
    public int listRequests() {
        return server.findAll(getRequestedFor(urlPathEqualTo(path("/api/links/"))).withQueryParam("status__in",
                equalTo("invalid,token_required"))).size();
    }

    public List<Long> listRequestTimes() {
        List<Long> times = new ArrayList<>();
        server.findAll(getRequestedFor(urlPathEqualTo(path("/api/links/"))).withQueryParam("status__in", equalTo(
                "invalid,token_required")).withQueryParam("page", absent())).forEach(r -> times.add(r.getLoggedDate().getTime()));
        return times;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
