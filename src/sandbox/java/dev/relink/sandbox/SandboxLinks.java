package dev.relink.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

/**
 * The emulator's links, in memory. Listing walks them in creation order, which is stable across
 * pages because every link gets a distinct creation microsecond; a page of 1,000 out of tens of
 * thousands costs one pass and no sort.
 */
@Component
@SandboxEnabled
class SandboxLinks {

    static final List<String> DEFAULT_FETCH_RESOURCES = List.of("ACCOUNTS", "OWNERS", "TRANSACTIONS");

    private final ConcurrentHashMap<String, SandboxLink> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, SandboxLink> byCreation = new ConcurrentSkipListMap<>();
    private final AtomicLong lastCreatedMicros = new AtomicLong();
    private final Clock clock;

    SandboxLinks(Clock clock) {
        this.clock = clock;
    }

    record Page(int count, List<SandboxLink> results) {
    }

    /** A new recurrent link, as Belvo creates it after a successful login (or seeded in any status). */
    SandboxLink create(String id, String institution, String username, String externalId, String status,
            String accessMode, List<String> fetchResources, String staleIn) {
        String mode = accessMode == null ? "recurrent" : accessMode;
        SandboxLink link = new SandboxLink(id, institution, nextCreatedAt(), externalId,
                institutionUserId(institution, username), status, mode,
                fetchResources == null ? DEFAULT_FETCH_RESOURCES : fetchResources,
                staleIn == null ? "365d" : staleIn, "recurrent".equals(mode) ? "store" : "365d");
        byId.put(id, link);
        byCreation.put(micros(link.createdAt()), link);
        return link;
    }

    Optional<SandboxLink> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    boolean delete(String id) {
        SandboxLink link = byId.remove(id);
        if (link == null) {
            return false;
        }
        byCreation.remove(micros(link.createdAt()));
        return true;
    }

    /** The total that match and the slice [offset, offset+limit) of them, in creation order. */
    Page page(Predicate<SandboxLink> filter, int offset, int limit) {
        List<SandboxLink> results = new ArrayList<>(Math.min(limit, 1000));
        int count = 0;
        for (SandboxLink link : byCreation.values()) {
            if (filter.test(link)) {
                if (count >= offset && results.size() < limit) {
                    results.add(link);
                }
                count++;
            }
        }
        return new Page(count, results);
    }

    int size() {
        return byId.size();
    }

    void clear() {
        byId.clear();
        byCreation.clear();
    }

    /** Now, or one microsecond after the previous link, so creation order is total and matches insertion. */
    private Instant nextCreatedAt() {
        long now = micros(clock.instant());
        long micros = lastCreatedMicros.updateAndGet(last -> Math.max(now, last + 1));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** Belvo's stable 44-character id of the user at the bank (same bank + username, same id). */
    private static String institutionUserId(String institution, String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((institution + ":" + username).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
