package dev.relink.bounce;

import java.util.UUID;

/** Bounce-mailbox messages as mail servers and feedback loops write them, for a prompt's Message-ID. */
final class MailReports {

    private MailReports() {
    }

    /** An RFC 3464 delivery status notification for the message, as an MTA writes one. */
    static String deliveryStatus(String messageId, String action, String status) {
        return "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
                + "To: bounces@relink.test\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@mx.example.com>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn-boundary\"\r\n\r\n"
                + "--dsn-boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
                + "--dsn-boundary\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example.com\r\nArrival-Date: Mon, 7 Dec 2026 12:00:00 +0000\r\n\r\n"
                + "Final-Recipient: rfc822; someone@example.com\r\nOriginal-Recipient: rfc822;someone@example.com\r\n"
                + "Action: " + action + "\r\nStatus: " + status + "\r\n"
                + "Diagnostic-Code: smtp; 550 " + status + " <someone@example.com>: Recipient address rejected\r\n\r\n"
                + "--dsn-boundary\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + "From: Relink Demo <relink@localhost>\r\nTo: someone@example.com\r\nSubject: Reconnect your bank\r\n"
                + "Message-ID: " + messageId + "\r\n\r\n"
                + "--dsn-boundary--\r\n";
    }

    /** An RFC 5965 abuse report (ARF) returning the whole message, as a mailbox provider's feedback loop sends it. */
    static String complaint(String messageId, String feedbackType) {
        return "From: Feedback Loop <fbl@isp.example.net>\r\n"
                + "To: bounces@relink.test\r\n"
                + "Subject: Abuse report\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@isp.example.net>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf-boundary\"\r\n\r\n"
                + "--arf-boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is an email abuse report for an email message received from IP 192.0.2.1.\r\n\r\n"
                + "--arf-boundary\r\nContent-Type: message/feedback-report\r\n\r\n"
                + "Feedback-Type: " + feedbackType + "\r\nUser-Agent: SomeGenerator/1.0\r\nVersion: 1\r\n"
                + "Original-Mail-From: <relink@localhost>\r\nOriginal-Rcpt-To: <someone@example.com>\r\n"
                + "Arrival-Date: Mon, 7 Dec 2026 12:00:00 +0000\r\n\r\n"
                + "--arf-boundary\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"
                + "From: Relink Demo <relink@localhost>\r\nTo: someone@example.com\r\nSubject: Reconnect your bank\r\n"
                + "Message-ID: " + messageId + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nReconnect here.\r\n\r\n"
                + "--arf-boundary--\r\n";
    }
}
