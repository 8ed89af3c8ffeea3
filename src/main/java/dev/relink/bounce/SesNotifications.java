package dev.relink.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.JsonBodies;

/**
 * Amazon SES's bounce, complaint and delivery notifications, through an SNS topic subscribed to
 * {@code POST /email-events/ses} (HTTPS). Each SNS message must verify ({@link SnsSignature}) and come
 * from one of {@code relink.mail.bounces.ses.topic-arns}; a subscription confirmation is confirmed.
 * The SES notification (the SNS {@code Message}, JSON) names the original email by its Message-ID in
 * {@code mail.commonHeaders.messageId} (SES rewrites the header it sends, so the topic must include
 * the original headers); bounceType Permanent is a hard bounce, Transient and Undetermined soft ones.
 */
@RestController
class SesNotifications {

    static final String PROVIDER = "ses";
    private static final Logger LOG = LoggerFactory.getLogger(SesNotifications.class);
    /** SES event types that say nothing about whether the email reached the person. */
    private static final Set<String> NOT_FEEDBACK = Set.of("Send", "Open", "Click", "Rendering Failure", "Reject",
            "Subscription");

    private final SnsSignature signatures;
    private final EmailFeedback feedback;
    private final JsonBodies json;
    private final BounceSettings settings;

    SesNotifications(SnsSignature signatures, EmailFeedback feedback, JsonBodies json, BounceSettings settings) {
        this.signatures = signatures;
        this.feedback = feedback;
        this.json = json;
        this.settings = settings;
    }

    @PostMapping(EmailEvents.PATH + PROVIDER)
    ResponseEntity<Void> receive(@RequestBody(required = false) byte[] body) {
        if (settings.ses().topicArns().isEmpty()) {
            throw EmailEvents.notConfigured("Amazon SES", "relink.mail.bounces.ses.topic-arns");
        }
        JsonNode message = json.tree(body == null ? new byte[0] : body);
        if (message == null || !message.isObject()) {
            throw EmailEvents.badRequest("bad-sns-message", "The body is not an SNS message (a JSON object).");
        }
        signatures.verify(message);
        if (!settings.ses().topicArns().contains(EmailEvents.text(message, "TopicArn"))) {
            throw EmailEvents.unauthorized("unknown-topic", "The SNS message comes from a topic not in "
                    + "relink.mail.bounces.ses.topic-arns.");
        }
        String type = String.valueOf(EmailEvents.text(message, "Type"));
        switch (type) {
            case "SubscriptionConfirmation" -> {
                if (!signatures.confirm(EmailEvents.text(message, "SubscribeURL"))) {
                    throw EmailEvents.badRequest("bad-sns-message", "SubscribeURL is not an Amazon SNS URL.");
                }
                LOG.info("Confirmed the SNS subscription of topic {} for SES notifications", EmailEvents.text(message, "TopicArn"));
            }
            case "UnsubscribeConfirmation" -> LOG.info("SNS topic {} unsubscribed Relink", EmailEvents.text(message, "TopicArn"));
            case "Notification" -> feedback.record(notification(EmailEvents.text(message, "Message")));
            default -> feedback.record(Feedback.Notification.of(PROVIDER, List.of(), message.toString()));
        }
        return EmailEvents.accepted();
    }

    private Feedback.Notification notification(String text) {
        JsonNode ses;
        try {
            ses = text == null ? null : json.tree(text);
        } catch (JsonBodies.UnreadableJson notJson) {
            ses = null;
        }
        List<Feedback> read = ses == null || !ses.isObject() ? null : read(ses);
        return read == null ? Feedback.Notification.of(PROVIDER, List.of(), String.valueOf(text))
                : Feedback.Notification.of(PROVIDER, read, null);
    }

    /** The feedback of an SES notification; null when its shape is not one Relink reads. */
    private static List<Feedback> read(JsonNode ses) {
        String type = EmailEvents.text(ses, "notificationType");
        type = type == null ? EmailEvents.text(ses, "eventType") : type; // event publishing names it eventType
        String messageId = messageId(ses.path("mail"));
        List<Feedback> read = new ArrayList<>();
        switch (String.valueOf(type)) {
            case "Bounce" -> {
                String bounceType = String.valueOf(EmailEvents.text(ses.path("bounce"), "bounceType"));
                Feedback.Kind kind = bounceType.equals("Permanent") ? Feedback.Kind.HARD_BOUNCE : Feedback.Kind.SOFT_BOUNCE;
                String status = EmailEvents.text(ses.path("bounce").path("bouncedRecipients").path(0), "status");
                read.add(new Feedback(kind, messageId, bounceType + (status == null ? "" : " " + status)));
            }
            case "Complaint" -> {
                String complaintType = EmailEvents.text(ses.path("complaint"), "complaintFeedbackType");
                read.add(new Feedback(Feedback.Kind.COMPLAINT, messageId, complaintType == null ? "complaint" : complaintType));
            }
            case "Delivery" -> read.add(new Feedback(Feedback.Kind.DELIVERED, messageId, "Delivery"));
            case "DeliveryDelay" -> read.add(new Feedback(Feedback.Kind.DELAYED, messageId, "DeliveryDelay"));
            default -> {
                return NOT_FEEDBACK.contains(type) ? read : null;
            }
        }
        return read;
    }

    /** The original email's Message-ID: from commonHeaders, else from the headers SES kept. */
    private static String messageId(JsonNode mail) {
        String common = EmailEvents.text(mail.path("commonHeaders"), "messageId");
        if (common != null) {
            return Feedback.messageId(common);
        }
        for (JsonNode header : mail.path("headers")) {
            if ("message-id".equalsIgnoreCase(EmailEvents.text(header, "name"))) {
                return Feedback.messageId(EmailEvents.text(header, "value"));
            }
        }
        return null;
    }
}
