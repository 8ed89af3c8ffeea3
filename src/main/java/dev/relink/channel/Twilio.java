package dev.relink.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Twilio's Messages API as routes/channel-sms.yaml needs it (for SMS and WhatsApp): the form body of CreateMessage, and
 * the public URLs of the callbacks Twilio posts to (and signs: {@link TwilioCallbackGuard}).
 */
@Component("twilio")
public class Twilio {

    static final String CALLBACKS = "/callbacks/twilio";
    static final String STATUS_PATH = CALLBACKS + "/status";
    static final String INBOUND_PATH = CALLBACKS + "/inbound";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CONTENT = new TypeReference<>() {
    };

    private final SmsSettings.Twilio settings;
    private final String base;
    private final String statusCallbackUrl;
    private final String inboundUrl;

    Twilio(SmsSettings sms, @Value("${relink.repair.base-url:}") String publicBaseUrl) {
        this.settings = sms.twilio();
        String configured = settings.statusCallbackUrl();
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.statusCallbackUrl = configuredOr(configured, STATUS_PATH);
        this.inboundUrl = configuredOr(settings.inboundUrl(), INBOUND_PATH);
    }

    private String configuredOr(String configured, String path) {
        return configured != null && !configured.isBlank() ? configured : base.isBlank() ? null : base + path;
    }

    /**
     * The URL Twilio posts to for {@code path}, as Relink gave it to Twilio: {@code status-callback-url} and
     * {@code inbound-url} when set, else {@code relink.repair.base-url} and the path; null without either.
     */
    String publicUrl(String path) {
        return STATUS_PATH.equals(path) ? statusCallbackUrl : INBOUND_PATH.equals(path) ? inboundUrl
                : configuredOr(null, path);
    }

    /**
     * The form-encoded body of CreateMessage. An SMS carries its text ({@code Body}); a WhatsApp message
     * ({@code to} is {@code whatsapp:+...}) its approved template, as {@link WhatsAppChannel} composed it
     * ({@code ContentSid}, {@code ContentVariables}), from {@code whatsapp-from} when set.
     */
    public String form(Send send) throws JsonProcessingException {
        String to = send.to();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        boolean whatsapp = to.startsWith(WhatsAppChannel.PREFIX);
        if (whatsapp && settings.whatsappFrom() != null && !settings.whatsappFrom().isBlank()) {
            form.put("From", settings.whatsappFrom().startsWith(WhatsAppChannel.PREFIX) ? settings.whatsappFrom()
                    : WhatsAppChannel.PREFIX + settings.whatsappFrom());
        } else if (settings.messagingServiceSid() != null && !settings.messagingServiceSid().isBlank()) {
            form.put("MessagingServiceSid", settings.messagingServiceSid());
        } else {
            form.put("From", settings.from());
        }
        if (whatsapp) {
            form.putAll(JSON.readValue(send.text(), CONTENT));
        } else {
            form.put("Body", send.text());
        }
        if (statusCallbackUrl != null) {
            form.put("StatusCallback", statusCallbackUrl);
        }
        if (settings.validityPeriod() != null) {
            form.put("ValidityPeriod", String.valueOf(settings.validityPeriod().toSeconds()));
        }
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
