package dev.relink.belvo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Turns Belvo's answers into {@link Link}, {@link WidgetToken} or one {@link BelvoApiException}. Every
 * {@link Link} read from Belvo is made here and announced as a {@link LinkRead}.
 */
@Component("belvoResponses")
public class BelvoResponses {

    private static final Logger LOG = LoggerFactory.getLogger(BelvoResponses.class);

    /** Belvo: widget access tokens last about ten minutes. */
    static final Duration WIDGET_TOKEN_LIFETIME = Duration.ofMinutes(10);

    private static final ObjectMapper ERRORS = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_TEXT_EXCERPT = 200;

    private final ObjectMapper json;
    private final ApplicationEventPublisher publisher;

    BelvoResponses(ObjectMapper json, ApplicationEventPublisher publisher) {
        this.json = json;
        this.publisher = publisher;
    }

    /**
     * A non-2xx answer becomes a {@link BelvoApiException} carrying Belvo's code, message, request_id
     * and Retry-After; the HTTP response headers leave the message, so they never steer whatever the
     * caller does next.
     */
    public void refuse(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 404 && exchange.getProperty(BelvoPages.PAGING) instanceof LinkPaging paging && paging.isFollowing()) {
            shrankMeanwhile(exchange);
            return;
        }
        String retryAfter = message.getHeader("Retry-After", String.class);
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        message.removeHeaders("CamelHttp*");
        message.removeHeader("Retry-After");
        message.removeHeader(Exchange.CONTENT_TYPE);
        BelvoRequest request = exchange.getProperty(BelvoRequests.REQUEST, BelvoRequest.class);
        String body = excerpt(message.getBody(InputStream.class));
        message.setBody(null);
        throw error(status, contentType, body, parseRetryAfter(retryAfter, Instant.now()), request.describe());
    }

    /**
     * A page Belvo's {@code next} named is gone by the time it is asked for (404 "Invalid page."): the
     * listing shrank since its first page, because links it lists were repaired meanwhile. The listing
     * ends there, as if that page had been the last and empty, rather than failing whole: a poll's
     * listing then goes on to its re-checks, which read again what shifted onto pages already read.
     */
    private void shrankMeanwhile(Exchange exchange) {
        Message message = exchange.getMessage();
        BelvoRequest request = exchange.getProperty(BelvoRequests.REQUEST, BelvoRequest.class);
        message.removeHeaders("CamelHttp*");
        message.removeHeader("Retry-After");
        message.removeHeader(Exchange.CONTENT_TYPE);
        message.setBody("{\"next\":null,\"results\":[]}");
        LOG.info("Belvo's listing {} shrank while it was read (the page its next named answered 404): it ends here",
                request.describe());
    }

    /**
     * For a flow that caught a Belvo failure in a doTry (property {@code belvoFailure}) and wants its
     * own policy to dead-letter it: throws it again, after the doTry. Camel keeps error handlers out
     * of doTry blocks, so a failure no doCatch takes would leave the flow past its dead-letter
     * channel, unlogged.
     */
    public void failAgain(@ExchangeProperty("belvoFailure") BelvoApiException failure) {
        throw failure;
    }

    /** No HTTP answer at all: the request body (which may hold the keys) leaves the message with it. */
    public void unreachable(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setBody(null);
        exchange.getMessage().removeHeaders("CamelHttp*");
        throw BelvoApiException.unreachable(exchange.getProperty(BelvoRequests.REQUEST, BelvoRequest.class).describe(),
                cause);
    }

    /** A link's detail ({@code GET /api/links/{id}/}). */
    public Link link(InputStream body) throws IOException {
        return read(json.readValue(body, Link.class));
    }

    /** The link object the parser stands on, inside a listing page. */
    Link link(JsonParser page) throws IOException {
        return read(json.readValue(page, Link.class));
    }

    private Link read(Link link) {
        publisher.publishEvent(new LinkRead(link));
        return link;
    }

    public WidgetToken widgetToken(InputStream body) throws IOException {
        JsonNode token = json.readTree(body);
        return new WidgetToken(token.path("access").asText(null), token.path("refresh").asText(null),
                Instant.now().plus(WIDGET_TOKEN_LIFETIME));
    }

    static BelvoApiException error(int status, String contentType, String body, Duration retryAfter, String path) {
        JsonNode errors = readJson(body);
        if (errors != null && errors.isArray() && errors.size() > 0 && errors.get(0).isObject()) {
            JsonNode first = errors.get(0);
            List<String> messages = new ArrayList<>();
            errors.forEach(error -> messages.add(text(error, "message")));
            return new BelvoApiException(status, text(first, "code"), String.join("; ", messages),
                    text(first, "request_id"), retryAfter, path);
        }
        if (errors != null && errors.isObject()) {
            // Belvo's pre-2020 shape {"detail": ...}, or a gateway's own JSON
            String detail = errors.hasNonNull("detail") ? text(errors, "detail") : text(errors, "message");
            return new BelvoApiException(status, text(errors, "code"), detail, text(errors, "request_id"), retryAfter,
                    path);
        }
        // Belvo's firewall answers an HTML page (openresty 403) and a 429 may come with no body
        boolean firewall = status == 403;
        String kind = contentType == null ? "no content type" : contentType;
        String excerpt = plainText(body);
        String message = "a non-JSON answer (" + kind + ")" + (excerpt.isEmpty() ? "" : ": " + excerpt)
                + (firewall ? " - Belvo's firewall, which refuses more than 80 requests in 30 s from one IP" : "");
        return new BelvoApiException(status, firewall ? BelvoApiException.FIREWALL : null, message, null, retryAfter,
                path);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return ERRORS.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String excerpt(InputStream body) throws IOException {
        if (body == null) {
            return null;
        }
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        }
    }

    private static String plainText(String body) {
        if (body == null) {
            return "";
        }
        String text = body.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]*>", " ")
                .replaceAll("\\s+", " ")
                .trim();
        return text.length() > MAX_TEXT_EXCERPT ? text.substring(0, MAX_TEXT_EXCERPT) + "…" : text;
    }
}
