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
 * without it nobody is prompted on WhatsApp. {@code opt_outs}: the channels the person asked for no more
 * prompts on (read-only: Relink records them, a PUT leaves them as they are); absent when none.
 * {@code email_undeliverable_at}: when the email address hard-bounced (read-only; saving another address
 * clears it); nobody is prompted by email at an undeliverable address.
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
        @JsonProperty("whatsapp_opt_in_at") Instant whatsappOptInAt,
        @JsonProperty(value = "opt_outs", access = JsonProperty.Access.READ_ONLY) OptOuts optOuts,
        @JsonProperty(value = "email_undeliverable_at", access = JsonProperty.Access.READ_ONLY) Instant emailUndeliverableAt) {

    /** The languages a contact may ask for; every prompt template set has each of them. */
    public static final Set<String> LANGUAGES = Set.of("es", "pt", "en");

    /** Whether the person opted out of prompts on the named channel. */
    public boolean optedOut(String channel) {
        return optOuts != null && optOuts.of(channel);
    }

    /** Whether the address on the named channel is known not to take messages (email: a hard bounce). */
    public boolean undeliverable(String channel) {
        return "email".equals(channel) && emailUndeliverableAt != null;
    }
}
