package dev.relink.channel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What a failed send means, from the SMTP server's reply code (RFC 5321 4.2.1): 4xx is a transient
 * refusal (busy, throttled, try later); a 5xx to the recipient (RCPT TO) or to the message (after its
 * data) is this message's alone; anything else (no reply: the connection failed; 5xx to the login or to
 * MAIL FROM, which every message would get) is the connection's or the setup's.
 */
record SmtpAnswer(int code, boolean thisMessageOnly, String status) {

    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    /** No reply code: the connection broke, or Angus Mail has not read one (-1). */
    static final int NONE = -1;

    /** From the failure of a send, and the transport's last reply when the failure carries none. */
    static SmtpAnswer of(MessagingException failure, int lastReturnCode) {
        for (Exception e = failure; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            if (e instanceof SMTPAddressFailedException refused) {
                return new SmtpAnswer(refused.getReturnCode(), true, status(refused.getMessage()));
            }
        }
        if (failure instanceof SMTPSendFailedException sendFailed) {
            return new SmtpAnswer(sendFailed.getReturnCode(), ".".equals(sendFailed.getCommand()), status(sendFailed.getMessage()));
        }
        return new SmtpAnswer(lastReturnCode >= 400 ? lastReturnCode : NONE, false, null);
    }

    boolean busy() {
        return code >= 400 && code < 500;
    }

    boolean refusesThisMessage() {
        return thisMessageOnly && code >= 500 && code < 600;
    }

    boolean noReply() {
        return code == NONE;
    }

    /** The enhanced status code (RFC 3463, "5.1.1") of the server's reply text, if it has one. */
    private static String status(String reply) {
        Matcher matcher = reply == null ? null : ENHANCED.matcher(reply.strip());
        return matcher != null && matcher.find() ? matcher.group(1) : null;
    }
}
