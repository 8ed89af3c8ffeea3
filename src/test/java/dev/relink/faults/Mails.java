package dev.relink.faults;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What the fault tests read off a received mail, without checked exceptions in stream pipelines. */
final class Mails {

    private Mails() {
    }

    static String recipient(MimeMessage mail) {
        try {
            return mail.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
