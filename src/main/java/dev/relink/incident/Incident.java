package dev.relink.incident;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An incident as the API shows it: the link it is about (and, once known, the link's external_id and
 * institution), its state ({@link IncidentState}), the reason the user must act, how many signals
 * named it, and when it was opened, last changed and closed ({@code closed_at} null while it is open).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Incident(
        String id,
        @JsonProperty("link_id") String linkId,
        @JsonProperty("external_id") String externalId,
        String institution,
        String state,
        String reason,
        @JsonProperty("signal_count") int signalCount,
        @JsonProperty("opened_at") OffsetDateTime openedAt,
        @JsonProperty("updated_at") OffsetDateTime updatedAt,
        @JsonProperty("closed_at") OffsetDateTime closedAt) {

    public boolean isOpen() {
        return closedAt == null;
    }

    public boolean isAwaitingHandoff() {
        return IncidentState.OPEN.equals(state);
    }
}
