package dev.relink.belvo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Belvo's Link object (all 13 fields of the v1.223.0 schema); unknown fields are tolerated. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Link(
        String id,
        String institution,
        @JsonProperty("access_mode") String accessMode,
        @JsonProperty("last_accessed_at") OffsetDateTime lastAccessedAt,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("external_id") String externalId,
        @JsonProperty("institution_user_id") String institutionUserId,
        String status,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("refresh_rate") String refreshRate,
        @JsonProperty("credentials_storage") String credentialsStorage,
        @JsonProperty("fetch_resources") List<String> fetchResources,
        @JsonProperty("stale_in") String staleIn) {

    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String UNCONFIRMED = "unconfirmed";
    public static final String TOKEN_REQUIRED = "token_required";

    /** Belvo's link ids are UUIDs, e.g. {@code 16f68516-bcbc-4cf7-b815-c500d4204e28}. */
    private static final Pattern ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_ECHO = 64;

    /**
     * The one rule for a link id that reaches Relink from outside (a webhook, the app's error report,
     * an API path or filter): Belvo's link ids are UUIDs, and anything else would only be refused by
     * Belvo later, or never match.
     */
    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** Why a value is refused as a link id, the same sentence at every entry point. */
    public static String notAnId(String value) {
        String shown = value == null ? "nothing"
                : "'" + (value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…") + "'";
        return "link_id must be a Belvo link id, a UUID such as 16f68516-bcbc-4cf7-b815-c500d4204e28; got " + shown + ".";
    }

    /**
     * The link a queued re-check names: a {@link Link} a listing showed, a link id, or, from a
     * replayed dead letter, the listed link as its JSON object came back (a map), which is then read
     * again by its id.
     */
    public static String idOf(Object recheck) {
        if (recheck instanceof Link listed) {
            return listed.id();
        }
        if (recheck instanceof Map<?, ?> replayed && replayed.get("id") != null) {
            return String.valueOf(replayed.get("id"));
        }
        return String.valueOf(recheck);
    }

    public boolean isValid() {
        return VALID.equals(status);
    }
}
