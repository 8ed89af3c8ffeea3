package dev.relink.bounce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.JsonBodies;

/**
 * SendGrid's signed Event Webhook at {@code POST /email-events/sendgrid}: a JSON array of events, signed
 * ECDSA P-256 with SHA-256 over the {@code X-Twilio-Email-Event-Webhook-Timestamp} followed by the body
 * as sent; the signature (base64 DER) is in {@code X-Twilio-Email-Event-Webhook-Signature}, verified with
 * {@code relink.mail.bounces.sendgrid.public-key}. Events name the email by {@code smtp-id}, its Message-ID:
 * {@code bounce} (a hard bounce; of type {@code blocked}, a soft one), {@code dropped} (SendGrid would not
 * send to the address: hard), {@code deferred} (delayed), {@code delivered}, {@code spamreport} (a complaint).
 */
@RestController
class SendGridEvents {

    static final String PROVIDER = "sendgrid";
    static final String SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";
    /** Events that say nothing about whether the email reached the person. */
    private static final Set<String> NOT_FEEDBACK = Set.of("processed", "open", "click", "unsubscribe",
            "group_unsubscribe", "group_resubscribe");

    private final EmailFeedback feedback;
    private final JsonBodies json;
    private final PublicKey key;

    SendGridEvents(EmailFeedback feedback, JsonBodies json, BounceSettings settings) throws GeneralSecurityException {
        this.feedback = feedback;
        this.json = json;
        String configured = settings.sendgrid().publicKey();
        this.key = EmailEvents.blank(configured) ? null : KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(configured.strip())));
    }

    @PostMapping(EmailEvents.PATH + PROVIDER)
    ResponseEntity<Void> receive(@RequestHeader(name = SIGNATURE, required = false) String signature,
            @RequestHeader(name = TIMESTAMP, required = false) String timestamp,
            @RequestBody(required = false) byte[] body) {
        if (key == null) {
            throw EmailEvents.notConfigured("SendGrid", "relink.mail.bounces.sendgrid.public-key");
        }
        if (EmailEvents.blank(signature) || EmailEvents.blank(timestamp)) {
            throw EmailEvents.unauthorized("missing-signature", "The request has no " + SIGNATURE + " or " + TIMESTAMP
                    + " header: turn on the Signed Event Webhook in SendGrid's Mail Settings.");
        }
        byte[] payload = body == null ? new byte[0] : body;
        if (!verifies(signature, timestamp, payload)) {
            throw EmailEvents.unauthorized("bad-signature", "The " + SIGNATURE + " does not verify with "
                    + "relink.mail.bounces.sendgrid.public-key.");
        }
        JsonNode events = json.tree(payload);
        if (events == null || !events.isArray()) {
            throw EmailEvents.badRequest("bad-sendgrid-events", "The body is not SendGrid's array of events.");
        }
        List<Feedback> read = new ArrayList<>();
        boolean unknown = false;
        for (JsonNode event : events) {
            Feedback one = read(event);
            if (one != null) {
                read.add(one);
            } else if (!NOT_FEEDBACK.contains(EmailEvents.text(event, "event"))) {
                unknown = true;
            }
        }
        feedback.record(Feedback.Notification.of(PROVIDER, read, unknown ? events.toString() : null));
        return EmailEvents.accepted();
    }

    private boolean verifies(String signature, String timestamp, byte[] payload) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(payload);
            return verifier.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException unverifiable) {
            return false;
        }
    }

    /** One event's feedback; null for an event that is not feedback or not known. */
    private static Feedback read(JsonNode event) {
        String messageId = Feedback.messageId(EmailEvents.text(event, "smtp-id"));
        String status = EmailEvents.text(event, "status");
        String detail = status == null ? "" : " " + status;
        return switch (String.valueOf(EmailEvents.text(event, "event"))) {
            case "bounce" -> "blocked".equals(EmailEvents.text(event, "type"))
                    ? new Feedback(Feedback.Kind.SOFT_BOUNCE, messageId, "blocked" + detail)
                    : new Feedback(Feedback.Kind.HARD_BOUNCE, messageId, "bounce" + detail);
            case "dropped" -> new Feedback(Feedback.Kind.HARD_BOUNCE, messageId, "dropped");
            case "deferred" -> new Feedback(Feedback.Kind.DELAYED, messageId, "deferred");
            case "delivered" -> new Feedback(Feedback.Kind.DELIVERED, messageId, "delivered");
            case "spamreport" -> new Feedback(Feedback.Kind.COMPLAINT, messageId, "spamreport");
            default -> null;
        };
    }
}
