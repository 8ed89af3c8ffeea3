package dev.relink.belvo;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.support.ObjectHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/** Builds the calls the {@code belvo.*} routes make, and renders one on the message just before it is sent. */
@Component("belvoRequests")
public class BelvoRequests {

    /** Exchange property holding the {@link BelvoRequest} that {@code belvo.request} sends next. */
    public static final String REQUEST = "belvoRequest";

    /**
     * Most link ids in one {@code id__in} read. Belvo's spec sets no maximum; 100 UUIDs keep the
     * request line near 3.8 KB, well inside the 8 KB that web servers and proxies commonly accept.
     */
    public static final int IDS_PER_READ = 100;

    private static final Set<String> PAGING = Set.of("page", "page_size");

    private final BelvoProperties properties;
    private final ObjectMapper json;
    private final String basePath;

    BelvoRequests(BelvoProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        String path = properties.baseUrl() == null ? "" : properties.baseUrl().getRawPath();
        this.basePath = path == null ? "" : path;
    }

    public BelvoRequest getLink(@Header("linkId") String linkId) {
        return new BelvoRequest("GET", apiPath("/api/links/" + segment(linkId) + "/"), null, null, false);
    }

    /** {@code GET /api/consents/{id}/}: an OFDA consent, read instead of the link (no data call, no network quota). */
    public BelvoRequest getConsent(@Header("consentId") String consentId) {
        if (consentId == null || consentId.isBlank()) {
            throw new IllegalArgumentException("header consentId is required for a Belvo consent call");
        }
        return new BelvoRequest("GET", apiPath("/api/consents/" + UriUtils.encodePathSegment(consentId,
                StandardCharsets.UTF_8) + "/"), null, null, false);
    }

    /** Paging through {@code GET /api/links/}, starting with the caller's filters and Relink's page size. */
    public LinkPaging listLinks(@Header("belvoQuery") Map<String, ?> filters) {
        return new LinkPaging(listing("/api/links/", filters));
    }

    /** Paging through {@code GET /api/institutions/} with the caller's filters ({@code status}, {@code name}, ...). */
    public InstitutionListing listInstitutions(@Header("belvoQuery") Map<String, ?> filters) {
        return new InstitutionListing(listing("/api/institutions/", filters));
    }

    private BelvoRequest listing(String path, Map<String, ?> filters) {
        StringJoiner query = new StringJoiner("&");
        if (filters != null) {
            filters.forEach((name, value) -> {
                if (value != null && !PAGING.contains(name)) {
                    query.add(encode(name) + "=" + encode(value.toString()));
                }
            });
        }
        query.add("page_size=" + properties.pageSize());
        return new BelvoRequest("GET", apiPath(path), query.toString(), null, false);
    }

    /**
     * {@code GET /api/links/?id__in=...} for the links in header {@code linkIds} (a collection, or ids
     * separated by commas; a {@link Link} in the collection is one a listing just showed, read already),
     * {@link #IDS_PER_READ} a request (comma separated, as Belvo's spec defines {@code __in} filters),
     * each answered on one page. It starts from property {@code linkReads}, what the flow read before,
     * and asks only about the links that read did not: with none left, no request.
     */
    public LinkPaging getLinks(@Header("linkIds") Object linkIds, @ExchangeProperty("linkReads") LinkReads before) {
        LinkReads reads = LinkReads.after(before, linkIds == null ? List.of() : ObjectHelper.createIterable(linkIds));
        List<String> ids = reads == before ? List.of() : new ArrayList<>(reads.uuids()); // before: read already
        List<BelvoRequest> requests = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_READ) {
            String chunk = String.join(",", ids.subList(from, Math.min(ids.size(), from + IDS_PER_READ)));
            requests.add(new BelvoRequest("GET", apiPath("/api/links/"), "id__in=" + chunk + "&page_size="
                    + IDS_PER_READ, null, false));
        }
        return new LinkPaging(requests, reads);
    }

    /** {@code POST /api/token/} in update mode: Belvo's own clients send the keys in the body and as Basic auth. */
    public BelvoRequest widgetToken(@Header("linkId") String linkId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("link_id", requireLinkId(linkId));
        body.put("scopes", properties.scopes());
        return new BelvoRequest("POST", apiPath("/api/token/"), null, body, true);
    }

    /**
     * {@code POST /api/token/} for My Belvo Portal ({@code consent_management}): the user's CPF and full
     * name identify whose consents the portal shows. Belvo's documented payload; the keys are added at send time.
     */
    public BelvoRequest portalToken(@Header("portalTokenIdentity") Map<String, ?> consent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scopes", "read_consents,write_consents,write_consent_callback");
        body.put("widget", Map.of("openfinance_feature", "consent_management", "consent", consent));
        return new BelvoRequest("POST", apiPath("/api/token/"), null, body, true);
    }

    /**
     * The next page Belvo named, as a request, if it is on the configured host: the secret keys go
     * with every request, so a {@code next} elsewhere is refused rather than followed.
     */
    BelvoRequest nextPage(String next, BelvoRequest current) {
        URI uri = URI.create(next);
        URI base = properties.baseUrl();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean sameOrigin = uri.getHost() != null
                && BelvoHttpClient.sameOrigin(base, uri.getScheme(), uri.getHost(), uri.getPort())
                && path.startsWith(trimSlash(basePath) + "/");
        if (!sameOrigin) {
            throw new BelvoApiException(200, null, "the next page is at " + uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + ", not at the configured Belvo host "
                    + base.getHost() + "; refusing to send the secret keys there", null, null, current.describe());
        }
        return new BelvoRequest("GET", apiPath(path.substring(trimSlash(basePath).length())), uri.getRawQuery(),
                null, false);
    }

    /** Puts the JSON body of a request that has one (a POST) on the message, right before the HTTP endpoint. */
    public void jsonBody(Exchange exchange) throws JsonProcessingException {
        BelvoRequest request = exchange.getProperty(REQUEST, BelvoRequest.class);
        var message = exchange.getMessage();
        Map<String, Object> body = new LinkedHashMap<>();
        if (request.withSecretKeysInBody()) {
            body.put("id", properties.secretId());
            body.put("password", properties.secretPassword());
        }
        body.putAll(request.json());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsBytes(body));
    }

    /** An API path appended to the base URL, whether or not base-url ends with a slash. */
    private String apiPath(String path) {
        return basePath.endsWith("/") ? path.substring(1) : path;
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String segment(String linkId) {
        return UriUtils.encodePathSegment(requireLinkId(linkId), StandardCharsets.UTF_8);
    }

    private static String requireLinkId(String linkId) {
        if (linkId == null || linkId.isBlank()) {
            throw new IllegalArgumentException("header linkId is required for a Belvo link call");
        }
        return linkId;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
