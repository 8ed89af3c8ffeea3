package dev.relink.bounce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

import org.springframework.stereotype.Component;

/**
 * Reads what arrives in the bounce mailbox (route email.read-bounces): a delivery status notification
 * (RFC 3464: {@code multipart/report; report-type=delivery-status}, whose recipient's {@code Action} is
 * failed, delayed or delivered and whose {@code Status} 5.x.x is a hard bounce, 4.x.x a soft one) or a
 * complaint (RFC 5965 ARF: {@code report-type=feedback-report} with {@code Feedback-Type: abuse} or
 * {@code fraud}), each found by the Message-ID of the original message it returns (its
 * {@code message/rfc822} or {@code text/rfc822-headers} part). Anything else is a shape Relink does not
 * read: kept whole, for ops to see.
 */
@Component("deliveryReports")
class DeliveryReports {

    static final String PROVIDER = "mailbox";
    /** The most of an unknown message kept for ops to see. */
    static final int KEPT = 256 * 1024;

    /** The mail as the mailbox holds it, read. */
    Feedback.Notification read(Message mail) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        return read(raw.toByteArray());
    }

    Feedback.Notification read(byte[] raw) {
        String text = new String(raw, 0, Math.min(raw.length, KEPT), StandardCharsets.UTF_8);
        try {
            MimeMessage message = new MimeMessage((Session) null, new ByteArrayInputStream(raw));
            Optional<Feedback> feedback = report(message);
            return Feedback.Notification.of(PROVIDER, feedback.stream().toList(), feedback.isPresent() ? null : text);
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            return Feedback.Notification.of(PROVIDER, List.of(), text);
        }
    }

    private static Optional<Feedback> report(MimeMessage message) throws MessagingException, IOException {
        ContentType type = new ContentType(message.getContentType());
        if (!type.match("multipart/report") || !(message.getContent() instanceof Multipart parts) || parts.getCount() < 2) {
            return Optional.empty();
        }
        String reportType = String.valueOf(type.getParameter("report-type")).toLowerCase(Locale.ROOT);
        List<InternetHeaders> fields = fields(parts.getBodyPart(1));
        String messageId = originalMessageId(parts);
        if (messageId == null || fields.isEmpty()) {
            return Optional.empty();
        }
        return switch (reportType) {
            case "delivery-status" -> deliveryStatus(fields, messageId);
            case "feedback-report" -> complaint(fields.get(0), messageId);
            default -> Optional.empty();
        };
    }

    /** The first recipient's Action and Status (the per-message fields come first, RFC 3464 section 2.1). */
    private static Optional<Feedback> deliveryStatus(List<InternetHeaders> fields, String messageId) {
        for (InternetHeaders recipient : fields.subList(1, fields.size())) {
            String action = first(recipient, "Action");
            if (action == null) {
                continue;
            }
            String status = first(recipient, "Status");
            Feedback.Kind kind = switch (action.strip().toLowerCase(Locale.ROOT)) {
                case "failed" -> {
                    Feedback.Kind bounce = Feedback.ofStatus(status);
                    yield bounce == null ? Feedback.Kind.HARD_BOUNCE : bounce;
                }
                case "delayed" -> Feedback.Kind.DELAYED;
                case "delivered", "relayed", "expanded" -> Feedback.Kind.DELIVERED;
                default -> null;
            };
            return Optional.ofNullable(kind).map(k -> new Feedback(k, messageId,
                    action.strip() + (status == null ? "" : " " + status.strip())));
        }
        return Optional.empty();
    }

    private static Optional<Feedback> complaint(InternetHeaders report, String messageId) {
        String type = first(report, "Feedback-Type");
        if (type == null) {
            return Optional.empty();
        }
        String feedbackType = type.strip().toLowerCase(Locale.ROOT);
        return feedbackType.equals("abuse") || feedbackType.equals("fraud")
                ? Optional.of(new Feedback(Feedback.Kind.COMPLAINT, messageId, feedbackType))
                : Optional.empty();
    }

    /** The Message-ID of the returned message: the headers of its third part (or of the last, when longer). */
    private static String originalMessageId(Multipart parts) throws MessagingException, IOException {
        for (int i = 2; i < parts.getCount(); i++) {
            List<InternetHeaders> headers = fields(parts.getBodyPart(i));
            if (!headers.isEmpty()) {
                String id = first(headers.get(0), "Message-ID");
                if (id != null) {
                    return Feedback.messageId(id);
                }
            }
        }
        return null;
    }

    /** A part's header blocks, each ended by an empty line (a status report's groups, a message's headers). */
    private static List<InternetHeaders> fields(BodyPart part) throws MessagingException, IOException {
        List<InternetHeaders> blocks = new ArrayList<>();
        try (InputStream in = part.getInputStream()) {
            byte[] content = in.readAllBytes();
            ByteArrayInputStream rest = new ByteArrayInputStream(content);
            while (rest.available() > 0 && blocks.size() < 100) {
                InternetHeaders block = new InternetHeaders(rest);
                if (block.getAllHeaderLines().hasMoreElements()) {
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }

    private static String first(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
