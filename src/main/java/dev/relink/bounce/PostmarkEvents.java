package dev.relink.bounce;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.JsonBodies;
import dev.relink.web.SecretMatch;

/**
 * Postmark's webhooks at {@code POST /email-events/postmark}. Postmark signs nothing: the webhook URL
 * carries HTTP Basic credentials ({@code https://user:password@host/email-events/postmark}), which must
 * be {@code relink.mail.bounces.postmark.username} and {@code .password}. Postmark names the email by its
 * own id, so Relink finds it by the metadata it sent with it ({@code X-PM-Metadata-relink-message-id},
 * the Message-ID). RecordType {@code Bounce} of Type HardBounce or BadEmailAddress is a hard bounce,
 * SoftBounce, Transient or DnsError a soft one; {@code SpamComplaint} a complaint; {@code Delivery} delivered.
 */
@RestController
class PostmarkEvents {

    static final String PROVIDER = "postmark";
    /** The metadata key of the Message-ID (MailMessages sends it as X-PM-Metadata-relink-message-id). */
    static final String MESSAGE_ID = "relink-message-id";
    private static final Set<String> HARD = Set.of("HardBounce", "BadEmailAddress");
    private static final Set<String> SOFT = Set.of("SoftBounce", "Transient", "DnsError");
    private static final Set<String> NOT_FEEDBACK = Set.of("Open", "Click", "SubscriptionChange");

    private final EmailFeedback feedback;
    private final JsonBodies json;
    private final BounceSettings.Postmark credentials;

    PostmarkEvents(EmailFeedback feedback, JsonBodies json, BounceSettings settings) {
        this.feedback = feedback;
        this.json = json;
        this.credentials = settings.postmark();
    }

    @PostMapping(EmailEvents.PATH + PROVIDER)
    ResponseEntity<Void> receive(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        if (EmailEvents.blank(credentials.username()) || EmailEvents.blank(credentials.password())) {
            throw EmailEvents.notConfigured("Postmark", "relink.mail.bounces.postmark.username or .password");
        }
        if (EmailEvents.blank(authorization)) {
            throw EmailEvents.basicAuthRequired("The request has no HTTP Basic credentials: write them into the "
                    + "webhook URL in Postmark.");
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":"
                + credentials.password()).getBytes(StandardCharsets.UTF_8));
        if (!SecretMatch.matches(authorization.strip(), expected)) {
            throw EmailEvents.basicAuthRequired("The HTTP Basic credentials are not relink.mail.bounces.postmark.*.");
        }
        JsonNode record = json.tree(body == null ? new byte[0] : body);
        if (record == null || !record.isObject()) {
            throw EmailEvents.badRequest("bad-postmark-record", "The body is not a Postmark webhook record (a JSON object).");
        }
        String recordType = EmailEvents.text(record, "RecordType");
        feedback.record(Feedback.Notification.ofOne(PROVIDER, read(record, recordType), NOT_FEEDBACK.contains(recordType),
                record));
        return EmailEvents.accepted();
    }

    private static Feedback read(JsonNode record, String recordType) {
        String messageId = Feedback.messageId(EmailEvents.text(record.path("Metadata"), MESSAGE_ID));
        String type = String.valueOf(EmailEvents.text(record, "Type"));
        return switch (String.valueOf(recordType)) {
            case "Bounce" -> HARD.contains(type) ? new Feedback(Feedback.Kind.HARD_BOUNCE, messageId, type)
                    : SOFT.contains(type) ? new Feedback(Feedback.Kind.SOFT_BOUNCE, messageId, type) : null;
            case "SpamComplaint" -> new Feedback(Feedback.Kind.COMPLAINT, messageId, "SpamComplaint");
            case "Delivery" -> new Feedback(Feedback.Kind.DELIVERED, messageId, "Delivery");
            default -> null;
        };
    }
}
