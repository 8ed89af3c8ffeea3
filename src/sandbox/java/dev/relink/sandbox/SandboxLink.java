package dev.relink.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.relink.belvo.Link;

/**
 * A link as the emulator keeps it: Belvo's 13 fields. Status and data-retrieval settings change
 * under concurrent requests, so they are read and written under the link's lock; identity never changes.
 */
final class SandboxLink {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    static final Set<String> STATUSES = Set.of(Link.VALID, Link.INVALID, Link.UNCONFIRMED, Link.TOKEN_REQUIRED);
    static final Set<String> ACCESS_MODES = Set.of("single", "recurrent");

    static final String CREATED_BY = "6e9be884-4781-4143-b673-aca02475ee8c";

    private final String id;
    private final String institution;
    private final Instant createdAt;
    private final String externalId;
    private final String institutionUserId;
    private String status;
    private String accessMode;
    private Instant lastAccessedAt;
    private List<String> fetchResources;
    private String staleIn;
    private String credentialsStorage;

    SandboxLink(String id, String institution, Instant createdAt, String externalId, String institutionUserId,
            String status, String accessMode, List<String> fetchResources,
            String staleIn, String credentialsStorage) {
        this.id = id;
        this.institution = institution;
        this.createdAt = createdAt;
        this.externalId = externalId;
        this.institutionUserId = institutionUserId;
        this.status = status;
        this.accessMode = accessMode;
        this.lastAccessedAt = Link.VALID.equals(status) ? createdAt : null;
        this.fetchResources = List.copyOf(fetchResources);
        this.staleIn = staleIn;
        this.credentialsStorage = credentialsStorage;
    }

    String id() {
        return id;
    }

    String institution() {
        return institution;
    }

    Instant createdAt() {
        return createdAt;
    }

    String externalId() {
        return externalId;
    }

    synchronized String accessMode() {
        return accessMode;
    }

    synchronized String status() {
        return status;
    }

    synchronized void status(String newStatus) {
        this.status = newStatus;
    }

    /** A successful login at the bank: the link works again and was just accessed. */
    synchronized void accessed(Instant at) {
        this.status = Link.VALID;
        this.lastAccessedAt = at;
    }

    synchronized void dataRetrieval(String newAccessMode, String newStaleIn, List<String> newFetchResources) {
        if (newAccessMode != null) {
            this.accessMode = newAccessMode;
            this.credentialsStorage = "recurrent".equals(newAccessMode) ? "store" : "365d";
        }
        if (newStaleIn != null) {
            this.staleIn = newStaleIn;
        }
        if (newFetchResources != null) {
            this.fetchResources = List.copyOf(newFetchResources);
        }
    }

    /** Belvo's Link JSON, every field present (null where Belvo sends null), in the schema's order. */
    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("institution", institution);
        json.put("access_mode", accessMode);
        json.put("last_accessed_at", timestamp(lastAccessedAt));
        json.put("created_at", timestamp(createdAt));
        json.put("external_id", externalId);
        json.put("institution_user_id", institutionUserId);
        json.put("status", status);
        json.put("created_by", CREATED_BY);
        json.put("refresh_rate", "recurrent".equals(accessMode) ? "7d" : null);
        json.put("credentials_storage", credentialsStorage);
        json.put("fetch_resources", fetchResources);
        json.put("stale_in", staleIn);
        return json;
    }

    /** ISO-8601 with six fractional digits and Z, the way Belvo writes its timestamps. */
    private static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }
}
