package dev.relink.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

/** The emulator's OFDA consents, in memory, one per OFDA link, listed in creation order. */
@Component
@SandboxEnabled
class SandboxConsents {

    private final ConcurrentHashMap<String, SandboxConsent> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    SandboxConsents(Clock clock) {
        this.clock = clock;
    }

    /** The consent a new OFDA link is created with; {@code durationDays} null is Belvo's "Indeterminado". */
    SandboxConsent create(String linkId, String documentNumber, Integer durationDays) {
        SandboxConsent consent = new SandboxConsent(UUID.randomUUID().toString(), linkId, documentNumber,
                clock.instant(), durationDays == null ? null : Duration.ofDays(durationDays));
        byId.put(consent.id(), consent);
        return consent;
    }

    Optional<SandboxConsent> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<SandboxConsent> forLink(String linkId) {
        return byId.values().stream().filter(consent -> consent.linkId().equals(linkId)).findFirst();
    }

    List<SandboxConsent> list(Predicate<SandboxConsent> filter) {
        return byId.values().stream().filter(filter)
                .sorted(Comparator.comparing(SandboxConsent::createdAt).thenComparing(SandboxConsent::id))
                .toList();
    }

    void clear() {
        byId.clear();
    }
}
