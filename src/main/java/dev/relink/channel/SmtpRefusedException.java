package dev.relink.channel;

import jakarta.mail.MessagingException;

/**
 * The SMTP server refused this one message for good (5xx to its recipient or to its content): it fails
 * at once (policy smtp does not retry it, nothing is dead-lettered), and the other messages go on. It
 * names the reply code and enhanced status only, without the server's text or cause: they may quote the address.
 */
public class SmtpRefusedException extends MessagingException {

    SmtpRefusedException(int code, String status) {
        super("the SMTP server refused the message: " + code + (status == null ? "" : " " + status));
    }
}
