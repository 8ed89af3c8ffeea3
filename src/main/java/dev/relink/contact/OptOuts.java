package dev.relink.contact;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the person asked for no more prompts: when they opted out of each channel (null: they did
 * not), and Twilio's {@code OptOutType} of their last STOP or START when Twilio sent one. Recorded by
 * Relink (inbound STOP/START, Twilio's 21610, the email's one-click unsubscribe), shown on the contact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptOuts(Instant email, Instant sms, Instant whatsapp, @JsonProperty("opt_out_type") String optOutType) {

    /** Whether the person opted out of the named channel. */
    public boolean of(String channel) {
        return since(channel) != null;
    }

    /** When the person opted out of the named channel, or null when they did not. */
    public Instant since(String channel) {
        return switch (channel) {
            case "email" -> email;
            case "sms" -> sms;
            case "whatsapp" -> whatsapp;
            default -> null;
        };
    }

    boolean none() {
        return email == null && sms == null && whatsapp == null && optOutType == null;
    }
}
