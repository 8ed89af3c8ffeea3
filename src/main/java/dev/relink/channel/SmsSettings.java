package dev.relink.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMS for prompts ({@code relink.sms.*}): {@code provider} is {@code twilio} or {@code capture} (local:
 * messages go to the sandbox outbox). The auth token is used for Basic auth and to check Twilio's
 * signature on status callbacks; it is never logged.
 */
@ConfigurationProperties("relink.sms")
public record SmsSettings(@DefaultValue("capture") String provider, @DefaultValue Twilio twilio) {

    /**
     * @param statusCallbackUrl the public URL Twilio posts delivery status to; empty means
     *                          {@code <relink.repair.base-url>/callbacks/twilio/status}
     * @param validityPeriod    how long Twilio may keep trying to deliver (1 s to 10 h); unset = Twilio's default
     * @param whatsappFrom      the WhatsApp sender ({@code +E164}, with or without {@code whatsapp:}); unset =
     *                          the messaging service's, else {@code from}
     */
    public record Twilio(
            @DefaultValue("https://api.twilio.com") String baseUrl,
            String accountSid,
            String authToken,
            String from,
            String messagingServiceSid,
            String statusCallbackUrl,
            Duration validityPeriod,
            String whatsappFrom) {

        @Override
        public String toString() {
            return "Twilio[baseUrl=" + baseUrl + ", accountSid=" + accountSid + ", authToken=****, from=" + from
                    + ", messagingServiceSid=" + messagingServiceSid + ", whatsappFrom=" + whatsappFrom + "]";
        }
    }
}
