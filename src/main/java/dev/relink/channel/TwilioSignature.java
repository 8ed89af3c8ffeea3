package dev.relink.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's {@code X-Twilio-Signature} of a form-encoded callback: base64 HMAC-SHA1, under the account's auth
 * token, of the URL Twilio posted to followed by each POST parameter's name and value, sorted by name. Every
 * value of a parameter Twilio sends more than once counts, sorted by value: Twilio's own helper libraries
 * sign them so (their test vector for {@code Digits=5678&Digits=1234} is {@code ...Digits1234Digits5678...}),
 * and a signature over the first value only would let anyone add a second one.
 */
final class TwilioSignature {

    private TwilioSignature() {
    }

    static String of(String authToken, String url, Map<String, String[]> parameters) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(parameters).forEach((name, values) -> Arrays.stream(values).sorted()
                .forEach(value -> data.append(name).append(value)));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
