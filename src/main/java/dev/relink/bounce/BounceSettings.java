package dev.relink.bounce;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where bounces and complaints come back from ({@code relink.mail.bounces.*}): the bounce mailbox read
 * over IMAP (its login and TLS here; {@code enabled}, {@code host}, {@code port}, {@code folder} and
 * {@code poll-interval} are read by routes/email-bounces.yaml, with their defaults written there), and
 * each provider's webhook, which refuses everything until its credential is set. Passwords and keys are
 * only handed to the mail component and the verifiers.
 */
@ConfigurationProperties("relink.mail.bounces")
record BounceSettings(
        @DefaultValue("true") boolean ssl,
        String username,
        String password,
        @DefaultValue("1h") Duration softRetryAfter,
        @DefaultValue Ses ses,
        @DefaultValue SendGrid sendgrid,
        @DefaultValue Postmark postmark,
        @DefaultValue Mailgun mailgun) {

    /**
     * Amazon SES through SNS: the topics whose notifications are taken ({@code topic-arns}), and the URLs
     * a signing certificate or a subscription confirmation may be fetched from ({@code sns-url-pattern}, a
     * regular expression over the whole URL: https on sns.&lt;region&gt;.amazonaws.com only).
     */
    record Ses(@DefaultValue List<String> topicArns,
            @DefaultValue("https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.*") String snsUrlPattern) {
    }

    /** SendGrid's signed Event Webhook: the verification key (base64 of the DER public key SendGrid shows). */
    record SendGrid(String publicKey) {

        @Override
        public String toString() {
            return "SendGrid[publicKey=" + (publicKey == null ? null : "****") + "]";
        }
    }

    /** Postmark signs nothing: the HTTP Basic credentials written into the webhook's URL in Postmark. */
    record Postmark(String username, String password) {

        @Override
        public String toString() {
            return "Postmark[username=" + username + ", password=****]";
        }
    }

    /** Mailgun: the HTTP webhook signing key of the sending domain. */
    record Mailgun(String signingKey) {

        @Override
        public String toString() {
            return "Mailgun[signingKey=****]";
        }
    }

    @Override
    public String toString() {
        return "BounceSettings[ssl=" + ssl + ", username=****, password=****, softRetryAfter=" + softRetryAfter
                + ", ses=" + ses + "]";
    }
}
