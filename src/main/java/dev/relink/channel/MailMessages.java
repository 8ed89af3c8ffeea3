package dev.relink.channel;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Builds the prompt email: multipart/alternative with the plain text first and the HTML last (mail
 * readers show the last part they understand), From and Reply-To from {@code relink.mail.*}, and a
 * Message-ID of our own, made before sending so it can be recorded and later matched to bounces.
 */
@Component("mailMessages")
public class MailMessages {

    private final MailSettings settings;

    MailMessages(MailSettings settings) {
        this.settings = settings;
    }

    public MimeMessage build(@Header("to") String to, @Header("subject") String subject,
            @Header("promptText") String text, String html) throws MessagingException {
        InternetAddress from = new InternetAddress(settings.from());
        String domain = from.getAddress().contains("@") ? from.getAddress().substring(from.getAddress().indexOf('@') + 1)
                : "relink.local";
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
        MimeMessage message = new MimeMessage((Session) null) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        if (settings.replyTo() != null && !settings.replyTo().isBlank()) {
            message.setReplyTo(InternetAddress.parse(settings.replyTo()));
        }
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, StandardCharsets.UTF_8.name(), "html");
        message.setContent(new MimeMultipart("alternative", plain, rich));
        message.saveChanges();
        return message;
    }
}
