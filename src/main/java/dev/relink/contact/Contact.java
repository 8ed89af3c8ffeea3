package dev.relink.contact;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to reach the person behind a link, keyed by the link's {@code external_id} (the app's user id).
 * The same JSON shape is accepted by {@code PUT /api/contacts/{externalId}}, answered by GET and
 * expected from the optional lookup URL. {@code channel} is the person's preferred channel; which
 * channels reach them is each channel's call ({@code dev.relink.channel.Channel#address}).
 * {@code whatsapp_opt_in_at}: when the person agreed to WhatsApp messages, as the app recorded it;
 * without it nobody is prompted on WhatsApp.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(
        @JsonProperty(value = "external_id", access = JsonProperty.Access.READ_ONLY) String externalId,
        String name,
        String email,
        String phone,
        String locale,
        String channel,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty(value = "updated_at", access = JsonProperty.Access.READ_ONLY) Instant updatedAt,
        @JsonProperty("whatsapp_opt_in_at") Instant whatsappOptInAt) {

    /** The languages a contact may ask for; every prompt template set has each of them. */
    public static final Set<String> LANGUAGES = Set.of("es", "pt", "en");
}
