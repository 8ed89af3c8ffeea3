package dev.relink.belvo;

import java.time.OffsetDateTime;
import java.util.List;

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

    public boolean isValid() {
        return VALID.equals(status);
    }
}
