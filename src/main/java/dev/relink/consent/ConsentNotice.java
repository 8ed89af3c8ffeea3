package dev.relink.consent;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a Belvo {@code CONSENT} webhook says about an OFDA link's consent, kept with its incident.
 *
 * @param dueAt {@code consent_due_date}; only the about-to-expire webhook carries it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentNotice(
        @JsonProperty("consent_id") String consentId,
        @JsonProperty("due_at") Instant dueAt,
        String institution,
        @JsonProperty("institution_display_name") String displayName,
        @JsonProperty("institution_icon_logo") String iconLogo) {
}
