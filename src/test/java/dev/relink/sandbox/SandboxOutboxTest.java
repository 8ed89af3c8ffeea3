package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

class SandboxOutboxTest extends SandboxApiTest {

    @Value("${relink.mail.port}")
    int smtpPort;

    @Autowired
    SmsOutbox smsOutbox;

    @Test
    void theOutboxShowsAMailSentToTheEmbeddedSmtpServerAndACapturedSms() throws Exception {
        Properties settings = new Properties();
        settings.put("mail.smtp.host", "localhost");
        settings.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage mail = new MimeMessage(Session.getInstance(settings));
        mail.setFrom(new InternetAddress("relink@localhost"));
        mail.setRecipients(Message.RecipientType.TO, "ana@example.com");
        mail.setSubject("Reconnect your bank <Erebor>");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hi Ana, open http://localhost/repair/abc to reconnect.", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hi Ana, <a href=\"http://localhost/repair/abc\">reconnect</a></p>"
                + "<script>alert('x')</script>", "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mail.setContent(alternative);
        Transport.send(mail);

        MimeMessage plain = new MimeMessage(Session.getInstance(settings));
        plain.setFrom(new InternetAddress("relink@localhost"));
        plain.setRecipients(Message.RecipientType.TO, "bo@example.com");
        plain.setSubject("Text only");
        plain.setText("No HTML part here.");
        Transport.send(plain);

        smsOutbox.record("+5215512345678", "Relink: reconnect your bank at http://localhost/repair/xyz");

        SandboxHttp.Answer page = admin.get("/sandbox/outbox");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String body = page.body();
        assertThat(body.indexOf("bo@example.com")).as("newest mail first").isLessThan(body.indexOf("ana@example.com"));
        assertThat(body).contains("ana@example.com")
                .contains("Reconnect your bank &lt;Erebor&gt;")
                .contains("Hi Ana, open http://localhost/repair/abc to reconnect.")
                .contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
                .doesNotContain("allow-scripts")
                .contains("srcdoc=\"&lt;base target&#x3D;&quot;_blank&quot;&gt;&lt;p&gt;Hi Ana, &lt;a href&#x3D;&quot;http://localhost/repair/abc&quot;&gt;")
                .doesNotContain("<script>alert")
                .contains("bo@example.com").contains("No HTML part here.")
                .contains("+5215512345678")
                .contains("Relink: reconnect your bank at http://localhost/repair/xyz");
    }

    @Test
    void smsAreListedNewestFirst() {
        smsOutbox.record("+5215500000001", "first");
        smsOutbox.record("+5215500000002", "second");
        assertThat(smsOutbox.messages()).extracting(SmsOutbox.Sms::body).startsWith("second", "first");
        assertThat(smsOutbox.messages().get(0).id()).matches("SM[0-9a-f]{32}");
    }
}
