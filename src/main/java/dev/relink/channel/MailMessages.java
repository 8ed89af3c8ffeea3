package dev.relink.channel;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.StreamProvider;

import org.springframework.stereotype.Component;

/**
 * Builds the prompt email: multipart/alternative with the plain text first and the HTML last (mail
 * readers show the last part they understand), From and Reply-To from {@code relink.mail.*}, and a
 * Message-ID of our own, made before sending so it can be recorded and later matched to bounces, and
 * the person's one-click opt-out link ({@code List-Unsubscribe}, {@code List-Unsubscribe-Post}).
 */
@Component("mailMessages")
public class MailMessages {

    static {
        // Jakarta Mail 2.1 looks its StreamProvider up through the ServiceLoader for every body part and
        // multipart it creates (jakartaee/mail-api#699, #861); inside the packaged jar each lookup opens
        // the nested jars again: a fifth of an email's CPU in the burst benchmark. Naming the provider
        // (Angus Mail's, the one the lookup finds) skips it. A value set on the command line wins.
        System.getProperties().putIfAbsent(StreamProvider.class.getName(), "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    private final MailSettings settings;
    private final EmailOptOuts optOuts;

    MailMessages(MailSettings settings, EmailOptOuts optOuts) {
        this.settings = settings;
        this.optOuts = optOuts;
    }

    public MimeMessage build(Send send) throws MessagingException {
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
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(send.to(), true));
        message.setSubject(send.subject(), StandardCharsets.UTF_8.name());
        // Postmark reports bounces by its own id; this metadata brings the Message-ID back (bounce.PostmarkEvents)
        message.setHeader("X-PM-Metadata-relink-message-id", messageId);
        if (send.externalId() != null) {
            // RFC 8058 one-click unsubscribe: the mail client POSTs List-Unsubscribe=One-Click to the URL
            message.setHeader("List-Unsubscribe", "<" + optOuts.url(send.externalId()) + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(send.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(send.html(), StandardCharsets.UTF_8.name(), "html");
        message.setContent(new MimeMultipart("alternative", plain, rich));
        message.saveChanges();
        return message;
    }
}
