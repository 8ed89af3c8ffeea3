package dev.relink.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.relink.channel.MailSettings;

/**
 * {@code /sandbox/outbox}: every mail the embedded SMTP server received and every captured SMS,
 * newest first. A mail's HTML is shown in a sandboxed iframe (no scripts, no same origin), its text
 * part as escaped text.
 */
@Controller
@SandboxEnabled
class SandboxOutbox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ObjectProvider<GreenMail> smtp;
    private final ObjectProvider<SmsOutbox> sms;
    private final String mailServer;

    record Email(String to, String from, String subject, String time, String text, String html) {
    }

    record Sms(String to, String body, String time) {
    }

    SandboxOutbox(ObjectProvider<GreenMail> smtp, ObjectProvider<SmsOutbox> sms, MailSettings mail) {
        this.smtp = smtp;
        this.sms = sms;
        this.mailServer = mail.host() + ":" + mail.port();
    }

    @GetMapping("/sandbox/outbox")
    String outbox(Model model) throws MessagingException, IOException {
        List<Email> emails = emails();
        List<Sms> texts = sms.stream().flatMap(outbox -> outbox.messages().stream())
                .map(message -> new Sms(message.to(), message.body(), TIME.format(message.at()))).toList();
        model.addAttribute("emails", emails);
        model.addAttribute("mailElsewhere", smtp.getIfAvailable() == null ? mailServer : null);
        model.addAttribute("noEmails", emails.isEmpty() && smtp.getIfAvailable() != null);
        model.addAttribute("sms", texts);
        model.addAttribute("noSms", texts.isEmpty());
        return "sandbox/outbox";
    }

    /** Newest first; a mail to several recipients is stored once per mailbox but shown once. */
    private List<Email> emails() throws MessagingException, IOException {
        Map<String, Email> byMessageId = new LinkedHashMap<>();
        GreenMail server = smtp.getIfAvailable();
        MimeMessage[] received = server == null ? new MimeMessage[0] : server.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            MimeMessage message = received[i];
            String key = message.getMessageID() != null ? message.getMessageID() : "#" + i;
            if (!byMessageId.containsKey(key)) {
                byMessageId.put(key, email(message));
            }
        }
        return new ArrayList<>(byMessageId.values());
    }

    private static Email email(MimeMessage message) throws MessagingException, IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        collectText(message, parts);
        Date sent = message.getSentDate();
        return new Email(addresses(message.getRecipients(Message.RecipientType.TO)), addresses(message.getFrom()),
                message.getSubject() == null ? "(no subject)" : message.getSubject(),
                sent == null ? "(no Date header)" : TIME.format(Instant.ofEpochMilli(sent.getTime())),
                parts.get("text/plain"), opensLinksInNewTab(parts.get("text/html")));
    }

    /**
     * Links in the shown HTML open in a new tab (the iframe may open popups but run no script), so the
     * repair link in a prompt can be clicked: the repair page refuses to be framed.
     */
    static String opensLinksInNewTab(String html) {
        return html == null ? null : "<base target=\"_blank\">" + html;
    }

    /** The first text/plain and the first text/html part, wherever they sit in the MIME tree. */
    static void collectText(Part part, Map<String, String> found) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collectText(child, found);
            }
        } else if (part.isMimeType("text/plain") || part.isMimeType("text/html")) {
            String type = part.isMimeType("text/plain") ? "text/plain" : "text/html";
            if (!found.containsKey(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                found.put(type, String.valueOf(part.getContent()));
            }
        }
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }
}
