package dev.relink.deadletter;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.StreamCache;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores what a flow gave up on ({@code deadletter.store}) and replays it into the route it failed
 * in. A replay that fails again updates the same row (more attempts, the new error, pending again).
 */
@Component("deadLetters")
public class DeadLetters {

    /** Exchange property naming the dead letter a replayed message came from. */
    static final String REPLAY_OF = "relinkReplayOf";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() { };
    private static final int BATCH = 100;
    static final int MIN_BARE_TRACE = 8;

    private final DeadLetterStore store;
    private final Secrets secrets;
    private final DeadLetterMetrics metrics;
    private final ObjectMapper json;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    /** The app's clock (a test's controlled one too): retention ages dead letters by these times. */
    private final Clock clock;

    DeadLetters(DeadLetterStore store, Secrets secrets, DeadLetterMetrics metrics, ObjectMapper json,
            CamelContext camel, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.secrets = secrets;
        this.metrics = metrics;
        this.json = json;
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
    }

    /**
     * The dead-letter channel's end: persist the failed message as the failing route received it. In a
     * transaction of its own: the batch the message failed in rolls back what the message wrote, and
     * the dead letter must outlive that.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void store(Exchange exchange) throws JsonProcessingException {
        // Camel names the route whose policy gave up; "unknown" only if something sends here by hand
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown", String.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempts = exchange.getProperty(DeadLetterAttempts.ATTEMPTS, 1, Integer.class);
        Instant now = clock.instant();
        Instant firstFailedAt = exchange.getProperty(DeadLetterAttempts.FIRST_FAILED_AT, now, Instant.class);
        exchange.removeProperty(DeadLetterAttempts.ATTEMPTS);
        exchange.removeProperty(DeadLetterAttempts.FIRST_FAILED_AT);
        String exceptionClass = failure == null ? null : failure.getClass().getName();
        String exceptionMessage = failure == null ? null : secrets.mask(String.valueOf(failure.getMessage()));

        Long replayOf = exchange.getProperty(REPLAY_OF, Long.class);
        Optional<DeadLetter> replayed = replayOf == null ? Optional.empty() : store.find(replayOf)
                .filter(letter -> letter.routeId().equals(routeId));
        if (replayed.isPresent()) {
            store.failedAgain(replayOf, exceptionClass, exceptionMessage, attempts, now);
            log.warn("Replay of dead letter {} failed again in route {}: {}", replayOf, routeId, exceptionMessage);
        } else {
            RouteInputs.RouteInput input = RouteInputs.of(exchange, routeId);
            Object body = input != null ? input.body() : exchange.getMessage().getBody();
            Map<String, Object> headers = input != null ? input.headers() : exchange.getMessage().getHeaders();
            String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
            long id = store.insert(new DeadLetter(0, routeId, endpoint == null ? null : URISupport.sanitizeUri(endpoint),
                    bodyText(exchange, body), bodyType(body), headersText(headers), exceptionClass, exceptionMessage,
                    attempts, firstFailedAt, now, DeadLetter.PENDING, null, null));
            log.warn("Dead letter {} stored for route {} after {} attempt(s): {}", id, routeId, attempts,
                    exceptionMessage);
        }
        metrics.stored(routeId);
    }

    public Optional<DeadLetter> find(long id) {
        return store.find(id);
    }

    public List<DeadLetter> page(String route, String status, int page, int size) {
        return store.page(route, status, page, size);
    }

    public long count(String route, String status) {
        return store.count(route, status);
    }

    public boolean delete(long id) {
        boolean deleted = store.delete(id);
        metrics.refresh();
        return deleted;
    }

    /** Deletes every pending dead letter of a route (replayed ones stay, as history); answers how many. */
    public int deleteAll(String route) {
        int deleted = store.deleteAll(route);
        metrics.refresh();
        return deleted;
    }

    /**
     * Erasure: deletes every dead letter, pending or replayed, that mentions one of {@code traces} (the
     * person's external id, address, phone, CPF, links, incidents and app events) anywhere. Deleted, not
     * redacted: a pending one is a message to or about the person (a prompt's address and live repair link),
     * and replaying it after the erasure would contact them again or rebuild what was erased, while a redacted
     * copy could no longer be replayed at all; the failures stay counted in {@code relink_dead_letters_total}.
     * A trace shorter than {@link #MIN_BARE_TRACE} is matched only as a JSON string (quoted), so a short
     * external id such as {@code 42} does not take other people's dead letters with it. Answers how many.
     */
    public int forget(Collection<String> traces) {
        int deleted = traces.stream().filter(Objects::nonNull).filter(trace -> !trace.isBlank()).distinct()
                .mapToInt(trace -> store.deleteMentioning(trace.length() >= MIN_BARE_TRACE ? trace : "\"" + trace + "\""))
                .sum();
        metrics.refresh();
        return deleted;
    }

    /** Retention: deletes up to {@code limit} dead letters replayed before {@code cutoff}; answers how many. */
    public int purgeReplayedBefore(Instant cutoff, int limit) {
        return store.deleteReplayedBefore(cutoff, limit);
    }

    /**
     * Sends the stored body and headers to the from-endpoint of the route the message failed in.
     *
     * @throws ReplayRefused when the route is gone, is not fed by direct:/seda:, or the row is not pending
     */
    public DeadLetter replay(long id) {
        DeadLetter letter = store.find(id).orElseThrow(() -> new ReplayRefused(ReplayRefused.Reason.NOT_FOUND,
                "No dead letter " + id + "."));
        Endpoint endpoint = replayEndpoint(letter);
        if (!store.claim(id)) {
            throw new ReplayRefused(ReplayRefused.Reason.CONFLICT, "Dead letter " + id + " is " + letter.status()
                    + ", not pending; only a pending dead letter is replayed (once).");
        }
        Exchange result;
        try {
            result = producer.send(endpoint, ExchangePattern.InOnly, exchange -> {
                exchange.getIn().setBody(body(letter));
                exchange.getIn().setHeaders(headers(letter));
                exchange.setProperty(REPLAY_OF, id);
            });
        } catch (RuntimeException e) {
            store.failedAgain(id, e.getClass().getName(), secrets.mask(e.getMessage()), 1, clock.instant());
            throw e;
        }
        if (result.getException() != null) {
            Exception e = result.getException();
            store.failedAgain(id, e.getClass().getName(), secrets.mask(String.valueOf(e.getMessage())), 1,
                    clock.instant());
        } else if (store.replayed(id, clock.instant())) {
            log.info("Dead letter {} replayed into route {}", id, letter.routeId());
        }
        metrics.refresh();
        return store.find(id).orElseThrow();
    }

    /** Replays every pending dead letter (of one route, or all), oldest first. */
    public ReplayCounts replayAll(String route) {
        int replayed = 0;
        int failed = 0;
        int refused = 0;
        long after = 0;
        List<Long> ids;
        while (!(ids = store.pendingIds(route, after, BATCH)).isEmpty()) {
            for (long id : ids) {
                after = id;
                try {
                    if (DeadLetter.REPLAYED.equals(replay(id).status())) {
                        replayed++;
                    } else {
                        failed++;
                    }
                } catch (ReplayRefused refusal) {
                    refused++;
                }
            }
        }
        return new ReplayCounts(replayed, failed, refused);
    }

    /** Outcome of a bulk replay. */
    public record ReplayCounts(int replayed, int failed, int refused) {
    }

    public Map<String, Long> pendingByRoute() {
        return store.pendingByRoute();
    }

    public Map<String, Object> headers(DeadLetter letter) {
        try {
            return letter.headers() == null ? new LinkedHashMap<>() : json.readValue(letter.headers(), HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter " + letter.id() + " has unreadable headers", e);
        }
    }

    private Endpoint replayEndpoint(DeadLetter letter) {
        Route route = camel.getRoute(letter.routeId());
        if (route == null) {
            throw new ReplayRefused(ReplayRefused.Reason.CONFLICT, "Route " + letter.routeId()
                    + " no longer exists, so dead letter " + letter.id() + " cannot be replayed into it.");
        }
        Endpoint endpoint = route.getEndpoint();
        String scheme = ExchangeHelper.resolveScheme(endpoint.getEndpointUri());
        if (!"direct".equals(scheme) && !"seda".equals(scheme)) {
            throw new ReplayRefused(ReplayRefused.Reason.CONFLICT, "Route " + letter.routeId() + " starts from "
                    + URISupport.sanitizeUri(endpoint.getEndpointUri())
                    + "; only routes fed by direct: or seda: are replayed (the others are fed from outside).");
        }
        return endpoint;
    }

    /** The stored body, as the Java type the route received when that type is one of Relink's (or a collection). */
    private Object body(DeadLetter letter) {
        if (letter.body() == null || letter.bodyType() == null || String.class.getName().equals(letter.bodyType())) {
            return letter.body();
        }
        try {
            Class<?> type = Class.forName(letter.bodyType(), false, getClass().getClassLoader());
            return json.readValue(letter.body(), type);
        } catch (ClassNotFoundException | JsonProcessingException e) {
            log.warn("Dead letter {}: body type {} is not readable any more, replaying the text", letter.id(),
                    letter.bodyType());
            return letter.body();
        }
    }

    private String bodyText(Exchange exchange, Object body) throws JsonProcessingException {
        if (body == null) {
            return null;
        }
        if (body instanceof StreamCache cache) {
            cache.reset();
        }
        if (body instanceof String || body instanceof byte[] || body instanceof InputStream) {
            return secrets.mask(exchange.getContext().getTypeConverter().convertTo(String.class, exchange, body));
        }
        return secrets.mask(isRestorable(body.getClass()) ? json.writeValueAsString(body) : body.toString());
    }

    private String bodyType(Object body) {
        if (body == null) {
            return null;
        }
        return isRestorable(body.getClass()) ? body.getClass().getName() : String.class.getName();
    }

    /** Only Relink's own types and plain collections are turned back into objects on replay. */
    private static boolean isRestorable(Class<?> type) {
        return type.getName().startsWith("dev.relink.") || Map.class.isAssignableFrom(type)
                || List.class.isAssignableFrom(type);
    }

    private String headersText(Map<String, Object> headers) throws JsonProcessingException {
        Map<String, Object> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith("Camel") && !Secrets.isSecretName(name) && value != null) {
                kept.put(name, scrub(value));
            }
        });
        return json.writeValueAsString(kept);
    }

    private Object scrub(Object value) {
        if (value instanceof String text) {
            return secrets.mask(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return json.convertValue(value, Object.class);
        }
        return secrets.mask(value.toString());
    }
}
