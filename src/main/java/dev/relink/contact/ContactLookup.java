package dev.relink.contact;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the app for a contact it has not pushed ({@code relink.contacts.lookup-url}). Answers are
 * kept in a small in-process map with an expiry ({@code lookup-cache-ttl}), unknown users included,
 * so a burst of incidents for one user makes one call. A plain map rather than a cache library: the
 * only needs are expiry and a size bound, and it keeps the dependency list short. A lookup that fails
 * (timeout, 5xx, bad JSON) is not cached and counts as "no contact" for this attempt.
 */
@Component
class ContactLookup {

    private static final Logger LOG = LoggerFactory.getLogger(ContactLookup.class);

    private record Answer(Optional<Contact> contact, Instant expires) {
    }

    private final ContactSettings settings;
    private final Clock clock;
    private final RestClient http;
    private final Map<String, Answer> cache = new ConcurrentHashMap<>();

    ContactLookup(ContactSettings settings, Clock clock, RestClient.Builder builder) {
        this.settings = settings;
        this.clock = clock;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(settings.lookupTimeout()).build());
        factory.setReadTimeout(settings.lookupTimeout());
        this.http = builder.clone().requestFactory(factory).build();
    }

    Optional<Contact> find(String externalId) {
        if (settings.lookupUrl() == null || settings.lookupUrl().isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Answer cached = cache.get(externalId);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.contact();
        }
        try {
            Optional<Contact> found = ask(externalId);
            remember(externalId, new Answer(found, now.plus(settings.lookupCacheTtl())), now);
            return found;
        } catch (RestClientException e) {
            LOG.warn("Contact lookup for an external id failed ({}); treating it as no contact for now", e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Contact> ask(String externalId) {
        Contact answer = http.get().uri(settings.lookupUrl(), Map.of("externalId", externalId))
                .headers(h -> {
                    if (settings.lookupAuthorization() != null && !settings.lookupAuthorization().isBlank()) {
                        h.set(HttpHeaders.AUTHORIZATION, settings.lookupAuthorization());
                    }
                })
                .exchange((request, response) -> {
                    if (response.getStatusCode().value() == 404) {
                        return null;
                    }
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        throw new RestClientException("the lookup URL answered " + response.getStatusCode().value());
                    }
                    return response.bodyTo(Contact.class);
                });
        if (answer == null) {
            return Optional.empty();
        }
        ContactRules.Checked checked = ContactRules.check(externalId, answer);
        if (!checked.ok()) {
            LOG.warn("Contact lookup answered an unusable contact (bad fields: {}); treating it as no contact",
                    checked.errors().stream().map(ContactRules.FieldError::field).toList());
            return Optional.empty();
        }
        return Optional.of(checked.contact());
    }

    private void remember(String externalId, Answer answer, Instant now) {
        if (cache.size() >= settings.lookupCacheSize()) {
            cache.values().removeIf(a -> !now.isBefore(a.expires()));
            if (cache.size() >= settings.lookupCacheSize()) {
                cache.clear();
            }
        }
        cache.put(externalId, answer);
    }
}
