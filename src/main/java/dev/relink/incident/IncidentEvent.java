package dev.relink.incident;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of an incident's timeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentEvent(
        long id,
        OffsetDateTime at,
        String type,
        String source,
        String detail,
        @JsonProperty("webhook_id") String webhookId,
        @JsonProperty("request_id") String requestId) {
}
