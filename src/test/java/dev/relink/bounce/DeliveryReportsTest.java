package dev.relink.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the bounce mailbox's messages say (RFC 3464 delivery status, RFC 5965 feedback reports), and what is unknown. */
class DeliveryReportsTest {

    private static final String SENT = "<0f1e2d3c-prompt@relink.example>";
    private final DeliveryReports reports = new DeliveryReports();

    @Test
    void aFailedRecipientWithA5xxStatusIsAHardBounceOfThePromptItReturns() {
        assertThat(read(MailReports.deliveryStatus(SENT, "failed", "5.1.1")).feedback())
                .containsExactly(new Feedback(Feedback.Kind.HARD_BOUNCE, SENT, "failed 5.1.1"));
    }

    @Test
    void aFailedRecipientWithA4xxStatusIsASoftBounce() {
        assertThat(read(MailReports.deliveryStatus(SENT, "failed", "4.2.2")).feedback())
                .containsExactly(new Feedback(Feedback.Kind.SOFT_BOUNCE, SENT, "failed 4.2.2"));
    }

    @Test
    void delayedAndDeliveredAreRecordedAsSuch() {
        assertThat(read(MailReports.deliveryStatus(SENT, "delayed", "4.4.7")).feedback())
                .extracting(Feedback::kind).containsExactly(Feedback.Kind.DELAYED);
        assertThat(read(MailReports.deliveryStatus(SENT, "delivered", "2.0.0")).feedback())
                .extracting(Feedback::kind).containsExactly(Feedback.Kind.DELIVERED);
    }

    @Test
    void anAbuseReportIsAComplaintAndNeverQuotesTheAddress() {
        Feedback.Notification read = read(MailReports.complaint(SENT, "abuse"));
        assertThat(read.feedback()).containsExactly(new Feedback(Feedback.Kind.COMPLAINT, SENT, "abuse"));
        assertThat(read.payload()).isNull();
    }

    @Test
    void aNotSpamReportAnAutoReplyAndGarbageAreKeptAsUnknown() {
        String notSpam = MailReports.complaint(SENT, "not-spam");
        String autoReply = "From: someone@example.org\r\nSubject: Out of office\r\n\r\nAway until Monday.\r\n";
        for (String raw : new String[] {notSpam, autoReply, "\u0000\u0001 not a message"}) {
            Feedback.Notification read = read(raw);
            assertThat(read.feedback()).isEmpty();
            assertThat(read.payload()).isEqualTo(raw);
        }
    }

    @Test
    void aReportWithoutTheOriginalMessageIdIsUnknown() {
        String withoutId = MailReports.deliveryStatus(SENT, "failed", "5.1.1").replace("Message-ID: " + SENT + "\r\n", "");
        assertThat(read(withoutId).feedback()).isEmpty();
    }

    private Feedback.Notification read(String raw) {
        return reports.read(raw.getBytes(StandardCharsets.UTF_8));
    }
}
