package dev.relink.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.relink.web.SecretMatch;

/**
 * Twilio's Messages API as routes/channel-sms.yaml needs it (for SMS and WhatsApp): the form body of CreateMessage and the
 * check of {@code X-Twilio-Signature} on status callbacks (base64 HMAC-SHA1 under the auth token of
 * the callback URL followed by every POST parameter name and value, sorted by name).
 */
@Component("twilio")
public class Twilio {

    static final String STATUS_PATH = "/callbacks/twilio/status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CONTENT = new TypeReference<>() {
    };

    private final SmsSettings.Twilio settings;
    private final String statusCallbackUrl;

    Twilio(SmsSettings sms, @Value("${relink.repair.base-url:}") String publicBaseUrl) {
        this.settings = sms.twilio();
        String configured = settings.statusCallbackUrl();
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.statusCallbackUrl = configured != null && !configured.isBlank() ? configured
                : base.isBlank() ? null : base + STATUS_PATH;
    }

    /**
     * The form-encoded body of CreateMessage. An SMS carries its text ({@code Body}); a WhatsApp message
     * ({@code to} is {@code whatsapp:+...}) its approved template, as {@link WhatsAppChannel} composed it
     * ({@code ContentSid}, {@code ContentVariables}), from {@code whatsapp-from} when set.
     */
    public String form(@Header("to") String to, String body) throws JsonProcessingException {
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
            form.putAll(JSON.readValue(body, CONTENT));
        } else {
            form.put("Body", body);
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

    /** Whether the callback must be signed: only when we know the auth token to check it with. */
    boolean checksSignatures() {
        return settings.authToken() != null && !settings.authToken().isBlank();
    }

    boolean signatureMatches(String signature, Map<String, String> params) {
        StringBuilder data = new StringBuilder(statusCallbackUrl == null ? "" : statusCallbackUrl);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(settings.authToken().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
            return SecretMatch.matches(signature, expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }


    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
