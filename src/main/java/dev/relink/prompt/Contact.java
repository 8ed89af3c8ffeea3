package dev.relink.prompt;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to reach the person behind a link, keyed by the link's {@code external_id} (the app's user id).
 * The same JSON shape is accepted by {@code PUT /api/contacts/{externalId}}, answered by GET and
 * expected from the optional lookup URL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Contact(
        @JsonProperty(value = "external_id", access = JsonProperty.Access.READ_ONLY) String externalId,
        String name,
        String email,
        String phone,
        String locale,
        String channel,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty(value = "updated_at", access = JsonProperty.Access.READ_ONLY) Instant updatedAt) {

    boolean reachableBy(String channel) {
        return "sms".equals(channel) ? phone != null : email != null;
    }

    boolean reachable() {
        return email != null || phone != null;
    }
}
