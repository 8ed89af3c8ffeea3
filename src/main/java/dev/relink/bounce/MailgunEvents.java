package dev.relink.bounce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.JsonBodies;

/**
 * Mailgun's webhooks at {@code POST /email-events/mailgun} (JSON): {@code signature} holds
 * {@code timestamp}, {@code token} and {@code signature}, the hex HMAC-SHA256 of timestamp followed by
 * token with the domain's webhook signing key ({@code relink.mail.bounces.mailgun.signing-key});
 * {@code event-data} names the email by {@code message.headers.message-id}. Event {@code failed} of
 * severity permanent is a hard bounce, of severity temporary a delay (Mailgun goes on trying);
 * {@code complained} a complaint; {@code delivered} delivered.
 */
@RestController
class MailgunEvents {

    static final String PROVIDER = "mailgun";
    private static final Set<String> NOT_FEEDBACK = Set.of("accepted", "opened", "clicked", "unsubscribed", "stored",
            "rejected");

    private final EmailFeedback feedback;
    private final JsonBodies json;
    private final byte[] key;

    MailgunEvents(EmailFeedback feedback, JsonBodies json, BounceSettings settings) {
        this.feedback = feedback;
        this.json = json;
        String configured = settings.mailgun().signingKey();
        this.key = EmailEvents.blank(configured) ? null : configured.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(EmailEvents.PATH + PROVIDER)
    ResponseEntity<Void> receive(@RequestBody(required = false) byte[] body) {
        if (key == null) {
            throw EmailEvents.notConfigured("Mailgun", "relink.mail.bounces.mailgun.signing-key");
        }
        JsonNode webhook = json.tree(body == null ? new byte[0] : body);
        if (webhook == null || !webhook.isObject()) {
            throw EmailEvents.badRequest("bad-mailgun-webhook", "The body is not a Mailgun webhook (a JSON object).");
        }
        JsonNode signed = webhook.path("signature");
        String timestamp = EmailEvents.text(signed, "timestamp");
        String token = EmailEvents.text(signed, "token");
        String signature = EmailEvents.text(signed, "signature");
        if (timestamp == null || token == null || signature == null) {
            throw EmailEvents.unauthorized("missing-signature",
                    "The webhook has no signature.timestamp, signature.token or signature.signature.");
        }
        byte[] presented = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(hmac(timestamp + token), presented)) {
            throw EmailEvents.unauthorized("bad-signature",
                    "The signature does not verify with relink.mail.bounces.mailgun.signing-key.");
        }
        JsonNode event = webhook.path("event-data");
        String type = EmailEvents.text(event, "event");
        feedback.record(Feedback.Notification.ofOne(PROVIDER, read(event, type), NOT_FEEDBACK.contains(type), event));
        return EmailEvents.accepted();
    }

    private byte[] hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }

    private static Feedback read(JsonNode event, String type) {
        String messageId = Feedback.messageId(EmailEvents.text(event.path("message").path("headers"), "message-id"));
        String code = event.path("delivery-status").path("code").asText("");
        String detail = code.isEmpty() ? "" : " " + code;
        return switch (String.valueOf(type)) {
            case "failed" -> "permanent".equals(EmailEvents.text(event, "severity"))
                    ? new Feedback(Feedback.Kind.HARD_BOUNCE, messageId, "failed permanent" + detail)
                    : new Feedback(Feedback.Kind.DELAYED, messageId, "failed temporary" + detail);
            case "complained" -> new Feedback(Feedback.Kind.COMPLAINT, messageId, "complained");
            case "delivered" -> new Feedback(Feedback.Kind.DELIVERED, messageId, "delivered");
            default -> null;
        };
    }
}
