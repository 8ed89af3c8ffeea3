package dev.relink.bounce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.Mails;
import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * Bounces and complaints change the person's next prompt, through the whole app: prompts go out over
 * real SMTP (the local profile's GreenMail), their bounces and complaints come back into a real IMAP
 * mailbox (a GreenMail of the test's own, SMTP and IMAP) and through the providers' webhooks over real
 * HTTP, signed as each provider documents; SMS goes to a WireMock Twilio, which also serves the SNS
 * signing certificate and subscription URL. The clock is moved by hand.
 */
class EmailFeedbackFlowTest extends RelinkOnTestClock {

    static final ObjectMapper JSON = RelinkHttp.JSON;

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private RelinkHttp relink;

    @BeforeEach
    void twilioAndSns() {
        relink = new RelinkHttp(port);
        TWILIO.stubFor(post(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SM" + UUID.randomUUID().toString().replace("-", "") + "\", \"status\": \"queued\"}")));
        TWILIO.stubFor(get(urlPathEqualTo("/sns/signing.pem")).willReturn(aResponse().withStatus(200)
                .withBody(resource("sns-signing.pem"))));
    }

    // --- the bounce mailbox (IMAP) ---

    @Test
    void hardBounceInTheBounceMailboxSendsTheSameStepBySmsAtOnceAndANewAddressClearsTheMark() throws Exception {
        Person ana = promptedByEmail("ana", "+5215510000001");

        deliverToBounceMailbox(MailReports.deliveryStatus(ana.messageId(), "failed", "5.1.1"));

        awaitSmsTo(ana.phone());
        assertThat(delivery(ana.link(), "email")).containsEntry("status", "bounced").containsEntry("feedback", "bounced")
                .containsEntry("feedback_provider", "mailbox");
        assertThat(delivery(ana.link(), "sms")).as("the same step, on the next channel").containsEntry("step", 0);
        assertThat(timeline(ana.link())).contains("prompt_bounced: email to a***@example.com (step 0, failed 5.1.1, "
                + "reported by mailbox) bounced for good; the address is marked undeliverable");
        assertThat(contact(ana.user()).path("email_undeliverable_at").asText()).isNotEmpty();
        String console = OpsSession.logIn(port).get("/ops/incidents/" + incidentId(ana.link())).body();
        assertThat(console).containsPattern("id=\"email-undeliverable\">since [^<]+</dd>").contains("bounced (mailbox)");
        JsonNode funnel = JSON.readTree(relink.send(relink.api("/api/incidents/funnel?since=" + clock.instant()
                .minus(Duration.ofDays(1)))).body());
        assertThat(funnel.path("rows")).as("the funnel counts the bounce").anySatisfy(row -> assertThat(row.path("bounced")
                .asLong()).isPositive());
        assertThat(meters.counter("relink.email.feedback", "provider", "mailbox", "outcome", "bounced").count())
                .isGreaterThanOrEqualTo(1.0);

        relink.putContact(ana.user(), Map.of("email", "ana.new." + ana.user() + "@example.com", "phone", ana.phone(),
                "time_zone", "America/Mexico_City"));
        assertThat(contact(ana.user()).has("email_undeliverable_at")).as("a new address is worth trying").isFalse();
    }

    @Test
    void complaintInTheBounceMailboxOptsThePersonOutOfEmailSoTheNextStepGoesBySms() throws Exception {
        Person luis = promptedByEmail("luis", "+5215510000002");

        deliverToBounceMailbox(MailReports.complaint(luis.messageId(), "abuse"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "complained".equals(delivery(luis.link(), "email").get("feedback")));
        assertThat(contact(luis.user()).path("opt_outs").path("email").asText()).isNotEmpty();
        assertThat(timeline(luis.link())).contains("opted_out: email to l***@example.com (step 0, abuse, reported by "
                + "mailbox): the person reported it as spam; no more prompts by email");

        clock.advance(Duration.ofHours(24)); // step 1 is an email step (relink.prompt.channels: email, email, sms)
        ladderTick();
        awaitSmsTo(luis.phone());
        assertThat(delivery(luis.link(), "sms")).containsEntry("step", 1);
        assertThat(smtp.getReceivedMessagesForDomain(luis.email())).as("no more email").hasSize(1);
    }

    @Test
    void aMessageTheMailboxCannotReadIsStoredAndListedForOps() throws Exception {
        String subject = "Out of office " + UUID.randomUUID();
        deliverToBounceMailbox("From: someone@example.org\r\nTo: bounces@relink.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.org>\r\n\r\nI am away until Monday.\r\n");

        JsonNode unknown = await().atMost(Duration.ofSeconds(20)).until(() -> feedbackList("?outcome=unknown").path("items"),
                items -> items.toString().contains("\"provider\":\"mailbox\"") && stored(items, subject));
        assertThat(unknown.toString()).contains("\"outcome\":\"unknown\"");
    }

    // --- Amazon SES through SNS ---

    @Test
    void snsSubscriptionIsConfirmedByFetchingItsSubscribeUrl() throws Exception {
        TWILIO.stubFor(get(urlPathEqualTo("/sns/confirm")).willReturn(aResponse().withStatus(200)));
        Map<String, String> confirmation = new LinkedHashMap<>();
        confirmation.put("Type", "SubscriptionConfirmation");
        confirmation.put("MessageId", UUID.randomUUID().toString());
        confirmation.put("Token", "2336412f37fb687f5d51e6e2425c464de12884e1");
        confirmation.put("TopicArn", SES_TOPIC);
        confirmation.put("Message", "You have chosen to subscribe to the topic " + SES_TOPIC + ".");
        confirmation.put("SubscribeURL", TWILIO.baseUrl() + "/sns/confirm?Action=ConfirmSubscription&Token=2336412f");
        confirmation.put("Timestamp", "2026-12-07T10:00:00.000Z");

        HttpResponse<String> answer = postJson("/email-events/ses", JSON.writeValueAsString(signedSns(confirmation, "1")), Map.of());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        TWILIO.verify(getRequestedFor(urlPathEqualTo("/sns/confirm")).withQueryParam("Token", matching("2336412f")));
    }

    @Test
    void sesPermanentBounceThroughSnsMovesTheStepToSms() throws Exception {
        Person eva = promptedByEmail("eva", "+5215510000003");
        String ses = JSON.writeValueAsString(Map.of("notificationType", "Bounce",
                "bounce", Map.of("bounceType", "Permanent", "bounceSubType", "General", "bouncedRecipients",
                        List.of(Map.of("emailAddress", eva.email(), "action", "failed", "status", "5.1.1"))),
                "mail", Map.of("messageId", "0100018c-ses-id", "commonHeaders", Map.of("messageId", eva.messageId()))));

        HttpResponse<String> answer = postJson("/email-events/ses", JSON.writeValueAsString(signedSns(notification(ses), "2")), Map.of());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        awaitSmsTo(eva.phone());
        assertThat(delivery(eva.link(), "email")).containsEntry("feedback", "bounced").containsEntry("feedback_provider", "ses");
        assertThat(contact(eva.user()).path("email_undeliverable_at").asText()).isNotEmpty();
    }

    @Test
    void forgedMissingOrForeignSnsSignaturesAreRefusedAndChangeNothing() throws Exception {
        Person ivo = promptedByEmail("ivo", "+5215510000004");
        String ses = JSON.writeValueAsString(Map.of("notificationType", "Complaint", "complaint",
                Map.of("complaintFeedbackType", "abuse"), "mail", Map.of("commonHeaders", Map.of("messageId", ivo.messageId()))));
        Map<String, String> signed = signedSns(notification(ses), "2");

        Map<String, String> forged = new LinkedHashMap<>(signed);
        forged.put("Message", ses.replace("abuse", "fraud"));
        Map<String, String> unsigned = new LinkedHashMap<>(signed);
        unsigned.remove("Signature");
        Map<String, String> foreignCertificate = new LinkedHashMap<>(signed);
        foreignCertificate.put("SigningCertURL", "https://attacker.example.com/sns/signing.pem");

        assertRefused(postJson("/email-events/ses", JSON.writeValueAsString(forged), Map.of()), 401, "bad-signature");
        assertRefused(postJson("/email-events/ses", JSON.writeValueAsString(unsigned), Map.of()), 401, "missing-signature");
        assertRefused(postJson("/email-events/ses", JSON.writeValueAsString(foreignCertificate), Map.of()), 401, "bad-signature");
        assertThat(delivery(ivo.link(), "email").get("feedback")).isNull();
        assertThat(contact(ivo.user()).has("opt_outs")).isFalse();
    }

    @Test
    void anSnsNotificationOfAShapeSesDoesNotSendIsStoredAndShown() throws Exception {
        String odd = "{\"notificationType\": \"Teleported\", \"marker\": \"" + UUID.randomUUID() + "\"}";

        HttpResponse<String> answer = postJson("/email-events/ses", JSON.writeValueAsString(signedSns(notification(odd), "2")), Map.of());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode items = feedbackList("?outcome=unknown").path("items");
        assertThat(stored(items, JSON.readTree(odd).path("marker").asText())).isTrue();
    }

    // --- SendGrid, Postmark, Mailgun ---

    @Test
    void sendGridSpamReportOptsThePersonOutOfEmailAndAForgedOrUnsignedOneIsRefused() throws Exception {
        Person mia = promptedByEmail("mia", "+5215510000005");
        String events = JSON.writeValueAsString(List.of(
                Map.of("email", mia.email(), "timestamp", 1765100000, "event", "processed", "smtp-id", mia.messageId()),
                Map.of("email", mia.email(), "timestamp", 1765100100, "event", "spamreport", "smtp-id", mia.messageId(),
                        "sg_message_id", "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0")));
        String timestamp = String.valueOf(clock.instant().getEpochSecond());

        assertRefused(postJson("/email-events/sendgrid", events, Map.of()), 401, "missing-signature");
        assertRefused(postJson("/email-events/sendgrid", events, Map.of(SendGridEvents.SIGNATURE,
                sendGridSignature(timestamp, events.replace("spamreport", "delivered")), SendGridEvents.TIMESTAMP, timestamp)),
                401, "bad-signature");
        assertThat(delivery(mia.link(), "email").get("feedback")).isNull();

        HttpResponse<String> answer = postJson("/email-events/sendgrid", events, Map.of(SendGridEvents.SIGNATURE,
                sendGridSignature(timestamp, events), SendGridEvents.TIMESTAMP, timestamp));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(delivery(mia.link(), "email")).containsEntry("feedback", "complained").containsEntry("feedback_provider", "sendgrid");
        assertThat(contact(mia.user()).path("opt_outs").path("email").asText()).isNotEmpty();
    }

    @Test
    void postmarkSoftBounceSendsTheSameStepByEmailAgainAnHourLater() throws Exception {
        Person teo = promptedByEmail("teo", "+5215510000006");
        MimeMessage first = smtp.getReceivedMessagesForDomain(teo.email())[0];
        assertThat(first.getHeader("X-PM-Metadata-relink-message-id")).as("Postmark hands it back as metadata")
                .containsExactly(teo.messageId());
        String bounce = JSON.writeValueAsString(Map.of("RecordType", "Bounce", "ID", 4323372036854775807L,
                "Type", "SoftBounce", "TypeCode", 4096, "Name", "Soft bounce", "MessageID", UUID.randomUUID().toString(),
                "Email", teo.email(), "Metadata", Map.of(PostmarkEvents.MESSAGE_ID, teo.messageId()),
                "Description", "The server was unable to deliver your message (ex: mailbox full)."));

        assertRefused(postJson("/email-events/postmark", bounce, Map.of()), 401, "bad-credentials");
        assertRefused(postJson("/email-events/postmark", bounce, Map.of("Authorization", basic(POSTMARK_USER, "guess"))),
                401, "bad-credentials");
        HttpResponse<String> answer = postJson("/email-events/postmark", bounce,
                Map.of("Authorization", basic(POSTMARK_USER, POSTMARK_PASSWORD)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(delivery(teo.link(), "email")).containsEntry("status", "soft_bounced").containsEntry("feedback", "soft_bounced");
        assertThat(contact(teo.user()).has("email_undeliverable_at")).as("a soft bounce keeps the address").isFalse();
        clock.advance(Duration.ofMinutes(59));
        ladderTick();
        assertThat(delivery(teo.link(), "email")).as("not due yet: the tick left it").containsEntry("status", "soft_bounced");
        assertThat(smtp.getReceivedMessagesForDomain(teo.email())).hasSize(1);
        clock.advance(Duration.ofMinutes(2)); // relink.mail.bounces.soft-retry-after: 1h
        ladderTick();
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessagesForDomain(teo.email()).length == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(delivery(teo.link(), "email").get("status")));
        assertThat(deliveries(teo.link())).as("the same step's row, sent again").hasSize(1);
    }

    @Test
    void mailgunPermanentFailureMovesTheStepToSmsAndAForgedOneIsRefused() throws Exception {
        Person rui = promptedByEmail("rui", "+5215510000007");
        String token = UUID.randomUUID().toString().replace("-", "") + "0123456789abcdef01";
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        Map<String, Object> eventData = Map.of("event", "failed", "severity", "permanent", "reason", "bounce",
                "recipient", rui.email(), "delivery-status", Map.of("code", 550, "message", "No such user"),
                "message", Map.of("headers", Map.of("message-id", rui.messageId().replaceAll("[<>]", ""))));
        String forged = JSON.writeValueAsString(Map.of("signature", Map.of("timestamp", timestamp, "token", token,
                "signature", HexFormat.of().formatHex(new byte[32])), "event-data", eventData));
        String unsigned = JSON.writeValueAsString(Map.of("event-data", eventData));

        assertRefused(postJson("/email-events/mailgun", forged, Map.of()), 401, "bad-signature");
        assertRefused(postJson("/email-events/mailgun", unsigned, Map.of()), 401, "missing-signature");
        assertThat(delivery(rui.link(), "email").get("feedback")).isNull();

        HttpResponse<String> answer = postJson("/email-events/mailgun", JSON.writeValueAsString(Map.of("signature",
                Map.of("timestamp", timestamp, "token", token, "signature", mailgunSignature(timestamp + token)),
                "event-data", eventData)), Map.of());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        awaitSmsTo(rui.phone());
        assertThat(delivery(rui.link(), "email")).containsEntry("feedback", "bounced").containsEntry("feedback_provider", "mailgun");
    }

    @Test
    void malformedOrOversizedBodiesAreProblemsNotOutages() throws Exception {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String notJson = "[{\"event\": \"bounce\",";

        assertRefused(postJson("/email-events/sendgrid", notJson, Map.of(SendGridEvents.SIGNATURE,
                sendGridSignature(timestamp, notJson), SendGridEvents.TIMESTAMP, timestamp)), 400, "malformed-json");
        assertRefused(postJson("/email-events/ses", "{\"Type\": ", Map.of()), 400, "malformed-json");
        assertRefused(postJson("/email-events/mailgun", "not json at all", Map.of()), 400, "malformed-json");
        assertRefused(postJson("/email-events/postmark", "{\"RecordType\": [", Map.of("Authorization",
                basic(POSTMARK_USER, POSTMARK_PASSWORD))), 400, "malformed-json");
        String huge = "[" + "{\"event\": \"open\"},".repeat(70_000) + "{}]"; // over relink.mail.bounces.max-body-size (1 MB)
        assertRefused(postJson("/email-events/sendgrid", huge, Map.of()), 413, "body-too-large");
    }

    @Test
    void aPostmarkRecordOfAnUnknownTypeIsStoredAndShown() throws Exception {
        String marker = UUID.randomUUID().toString();
        String record = JSON.writeValueAsString(Map.of("RecordType", "Hologram", "Marker", marker));

        HttpResponse<String> answer = postJson("/email-events/postmark", record,
                Map.of("Authorization", basic(POSTMARK_USER, POSTMARK_PASSWORD)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        long id = feedbackList("?outcome=unknown").path("items").get(0).path("id").asLong();
        JsonNode stored = JSON.readTree(relink.send(relink.api("/api/email-feedback/" + id)).body());
        assertThat(stored.path("provider").asText()).isEqualTo("postmark");
        assertThat(stored.path("payload").asText()).contains(marker);
    }

    @Test
    void erasingThePersonDeletesWhatTheMailProvidersSaidOfTheirEmails() throws Exception {
        Person eva = promptedByEmail("eva", "+5215510000009");
        String delivered = JSON.writeValueAsString(Map.of("RecordType", "Delivery", "MessageID", UUID.randomUUID().toString(),
                "Recipient", eva.email(), "Metadata", Map.of(PostmarkEvents.MESSAGE_ID, eva.messageId())));
        String unknown = JSON.writeValueAsString(Map.of("RecordType", "Hologram", "Recipient", eva.email()));
        for (String record : List.of(delivered, unknown)) {
            assertThat(postJson("/email-events/postmark", record, Map.of("Authorization", basic(POSTMARK_USER, POSTMARK_PASSWORD)))
                    .statusCode()).isEqualTo(202);
        }
        String naming = "select count(*) from email_feedback where message_id = ? or payload like ?";
        assertThat(jdbc.queryForObject(naming, Integer.class, eva.messageId(), "%" + eva.email() + "%")).isEqualTo(2);

        assertThat(relink.send(relink.api("/api/contacts/" + eva.user()).DELETE()).statusCode()).isEqualTo(204);

        assertThat(jdbc.queryForObject(naming, Integer.class, eva.messageId(), "%" + eva.email() + "%")).isZero();
    }

    // --- the report by provider ---

    @Test
    void theReportCountsDeliveredBouncedAndComplainedByTheProviderThatSaidIt() throws Exception {
        clock.advance(Duration.ofDays(1)); // a day of its own: the report's period holds this test's incidents only
        Instant start = clock.instant();
        String ruisSms = twilioAccepts("+5215510000024");
        String anasSms = twilioAccepts("+5215510000025");
        Person eva = promptedByEmail("eva", "+5215510000021");
        Person mia = promptedByEmail("mia", "+5215510000022");
        Person teo = promptedByEmail("teo", "+5215510000023");
        Person rui = promptedByEmail("rui", "+5215510000024");
        Person ana = promptedByEmail("ana", "+5215510000025");
        promptedByEmail("ivo", "+5215510000026"); // nobody says anything of Ivo's email

        // SES: delivered
        String sesDelivery = JSON.writeValueAsString(Map.of("notificationType", "Delivery",
                "mail", Map.of("messageId", "0100018c-ses-delivery", "commonHeaders", Map.of("messageId", eva.messageId())),
                "delivery", Map.of("recipients", List.of(eva.email()), "smtpResponse", "250 2.6.0 Message received")));
        assertThat(postJson("/email-events/ses", JSON.writeValueAsString(signedSns(notification(sesDelivery), "2")), Map.of())
                .statusCode()).isEqualTo(202);
        // SendGrid: delivered, then reported as spam
        String events = JSON.writeValueAsString(List.of(
                Map.of("email", mia.email(), "timestamp", 1765100000, "event", "delivered", "smtp-id", mia.messageId(),
                        "response", "250 OK"),
                Map.of("email", mia.email(), "timestamp", 1765100100, "event", "spamreport", "smtp-id", mia.messageId())));
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        assertThat(postJson("/email-events/sendgrid", events, Map.of(SendGridEvents.SIGNATURE,
                sendGridSignature(timestamp, events), SendGridEvents.TIMESTAMP, timestamp)).statusCode()).isEqualTo(202);
        // Postmark: delivered
        String postmark = JSON.writeValueAsString(Map.of("RecordType", "Delivery", "MessageID", UUID.randomUUID().toString(),
                "Recipient", teo.email(), "Metadata", Map.of(PostmarkEvents.MESSAGE_ID, teo.messageId())));
        assertThat(postJson("/email-events/postmark", postmark, Map.of("Authorization", basic(POSTMARK_USER, POSTMARK_PASSWORD)))
                .statusCode()).isEqualTo(202);
        // Mailgun: bounced for good, so the step goes by SMS, which Twilio delivers
        String token = UUID.randomUUID().toString().replace("-", "") + "0123456789abcdef01";
        String mailgun = JSON.writeValueAsString(Map.of("signature", Map.of("timestamp", timestamp, "token", token,
                "signature", mailgunSignature(timestamp + token)), "event-data", Map.of("event", "failed", "severity",
                "permanent", "reason", "bounce", "recipient", rui.email(), "delivery-status", Map.of("code", 550),
                "message", Map.of("headers", Map.of("message-id", rui.messageId().replaceAll("[<>]", ""))))));
        assertThat(postJson("/email-events/mailgun", mailgun, Map.of()).statusCode()).isEqualTo(202);
        // the bounce mailbox: bounced for good, so the step goes by SMS, which Twilio cannot deliver
        deliverToBounceMailbox(MailReports.deliveryStatus(ana.messageId(), "failed", "5.1.1"));
        awaitSmsTo(rui.phone());
        awaitSmsTo(ana.phone());
        await().atMost(Duration.ofSeconds(10)).until(() -> ruisSms.equals(delivery(rui.link(), "sms").get("provider_id"))
                && anasSms.equals(delivery(ana.link(), "sms").get("provider_id")));
        assertThat(twilioStatus(ruisSms, Map.of("MessageStatus", "delivered"))).isEqualTo(204);
        assertThat(twilioStatus(anasSms, Map.of("MessageStatus", "undelivered", "ErrorCode", "30003"))).isEqualTo(204);

        String period = "&from=" + start + "&to=" + start.plus(Duration.ofHours(1));
        JsonNode report = reportOf("/api/report?by=provider" + period);
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        report.path("rows").forEach(row -> rows.put(row.path("group").asText(), row));
        assertThat(rows.keySet()).containsExactly("mailbox", "mailgun", "postmark", "sendgrid", "ses", "twilio", "unreported");
        assertMessages(rows.get("ses"), 1, 1, 0, 0);
        assertThat(rows.get("ses").path("delivery_rate").asDouble()).isEqualTo(1.0);
        assertMessages(rows.get("sendgrid"), 1, 1, 0, 1);
        assertThat(rows.get("sendgrid").path("complaint_rate").asDouble()).isEqualTo(1.0);
        assertMessages(rows.get("postmark"), 1, 1, 0, 0);
        assertMessages(rows.get("mailgun"), 1, 0, 1, 0);
        assertThat(rows.get("mailgun").path("bounce_rate").asDouble()).isEqualTo(1.0);
        assertMessages(rows.get("mailbox"), 1, 0, 1, 0);
        assertMessages(rows.get("twilio"), 2, 1, 1, 0);
        assertThat(rows.get("twilio").path("incidents").asLong()).as("Rui's and Ana's, also in their email's row").isEqualTo(2);
        assertThat(rows.get("twilio").path("bounce_rate").asDouble()).isEqualTo(0.5);
        assertMessages(rows.get("unreported"), 1, 0, 0, 0);
        assertMessages(report.path("total"), 8, 4, 3, 1);
        assertThat(report.path("total").path("incidents").asLong()).isEqualTo(6);
        assertThat(report.path("total").path("delivered").asLong()).as("incidents with a delivered message, as before")
                .isEqualTo(4);

        JsonNode byChannel = reportOf("/api/report?by=channel" + period);
        assertThat(byChannel.path("total").path("messages_bounced").asLong()).isEqualTo(3);
        JsonNode ruisFunnel = reportOf("/api/incidents/" + incidentId(rui.link()) + "/funnel");
        assertThat(ruisFunnel.path("prompts").toString()).contains("\"provider\":\"mailgun\"", "\"feedback\":\"bounced\"",
                "\"provider\":\"twilio\"");
        HttpResponse<String> csv = relink.send(relink.api("/api/report.csv?by=provider" + period));
        assertThat(csv.body().lines().findFirst().orElseThrow())
                .endsWith(",messages_delivered,messages_bounced,messages_complained,delivery_rate,bounce_rate,complaint_rate");
        assertThat(csv.body().lines()).anySatisfy(line -> assertThat(line).startsWith("twilio,2,2,1,")
                .endsWith(",1,1,0,0.5,0.5,0.0"));
        String console = OpsSession.logIn(port).get("/ops/report?by=provider&from=" + start.toString().substring(0, 10)
                + "&to=" + start.toString().substring(0, 10)).body();
        assertThat(console).contains("<td>twilio</td>", "1 (50.0 %)", "<th class=\"num\">Complaints</th>");
        clock.advance(Duration.ofMinutes(1)); // the gauges cover the incidents detected before now
        String scrape = relink.send(relink.scrape("/actuator/prometheus")).body();
        assertThat(gauge(scrape, "relink_report_message_rate", "outcome=\"bounced\",provider=\"twilio\""))
                .as("over the metrics window: this class's other SMS too").isStrictlyBetween(0.0, 1.0);
        assertThat(gauge(scrape, "relink_report_message_rate", "outcome=\"complained\",provider=\"sendgrid\"")).isPositive();
        assertThat(gauge(scrape, "relink_report_message_rate", "outcome=\"delivered\",provider=\"ses\"")).isPositive();
    }

    /** The value of the gauge whose labels end with {@code labels} in a Prometheus scrape. */
    private static double gauge(String scrape, String name, String labels) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") && line.contains(labels + "}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " {" + labels + "} not in the scrape"));
    }

    // --- helpers ---

    record Person(String user, String email, String phone, String link, String messageId) {
    }

    /** A contact with an email address and a phone, whose broken link's step 0 went out by email. */
    private Person promptedByEmail(String name, String phone) throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = name + "." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "phone", phone, "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "invalid_credentials");
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        String messageId = Mails.messageId(smtp.getReceivedMessagesForDomain(email)[0]);
        await().atMost(Duration.ofSeconds(10)).until(() -> messageId.equals(delivery(link, "email").get("provider_id")));
        return new Person(user, email, phone, link, messageId);
    }

    /** A sent SMS to {@code phone} is answered by the WireMock Twilio with a Message SID of its own, which this returns. */
    /**
     * Twilio's status callback on message {@code sid}, posted to the StatusCallback URL Relink gave with the
     * message and signed as Twilio documents ({@link #twilioSignature}).
     */
    private int twilioStatus(String sid, Map<String, String> status) throws Exception {
        String url = TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID
                + "/Messages.json"))).stream().flatMap(request -> List.of(request.getBodyAsString().split("&")).stream())
                .filter(parameter -> parameter.startsWith("StatusCallback=")).findFirst()
                .map(parameter -> URLDecoder.decode(parameter.substring("StatusCallback=".length()), StandardCharsets.UTF_8))
                .orElseThrow();
        Map<String, String> parameters = new TreeMap<>(status);
        parameters.put("MessageSid", sid);
        String form = parameters.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return relink.send(relink.plain("/callbacks/twilio/status").header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", twilioSignature(url, parameters))
                .POST(HttpRequest.BodyPublishers.ofString(form))).statusCode();
    }

    private JsonNode reportOf(String path) throws Exception {
        HttpResponse<String> answer = relink.send(relink.api(path));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** A report row's messages: sent, and of them delivered, bounced and complained of. */
    private static void assertMessages(JsonNode row, long sent, long delivered, long bounced, long complained) {
        assertThat(List.of(row.path("messages").asLong(), row.path("messages_delivered").asLong(),
                row.path("messages_bounced").asLong(), row.path("messages_complained").asLong()))
                .as(row.path("group").asText()).containsExactly(sent, delivered, bounced, complained);
    }

    private void awaitSmsTo(String phone) {
        String to = "To=" + phone.replace("+", "%2B");
        // the step goes back on the ladder, due now (or due at the clock the test set): the next tick sends it
        await().atMost(Duration.ofSeconds(20)).until(afterATick(() -> TWILIO.findAll(postRequestedFor(
                urlEqualTo(TWILIO_MESSAGES))).stream().anyMatch(request -> request.getBodyAsString().contains(to))));
    }

    private static void deliverToBounceMailbox(String raw) throws Exception {
        Properties smtpTo = new Properties();
        smtpTo.setProperty("mail.smtp.host", "127.0.0.1");
        smtpTo.setProperty("mail.smtp.port", String.valueOf(MAILBOX_SMTP_PORT));
        Session session = Session.getInstance(smtpTo);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        Transport.send(message, new jakarta.mail.Address[] {new jakarta.mail.internet.InternetAddress("bounces@relink.test")});
    }

    private static Map<String, String> notification(String sesJson) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("Type", "Notification");
        message.put("MessageId", UUID.randomUUID().toString());
        message.put("TopicArn", SES_TOPIC);
        message.put("Message", sesJson);
        message.put("Timestamp", "2026-12-07T10:00:00.000Z");
        return message;
    }

    /**
     * The message as SNS signs it (AWS's "Verifying the signatures of Amazon SNS messages"): the fields of
     * its type in byte order of their names, each as name, newline, value, newline; RSA with SHA1 (version
     * 1) or SHA256 (version 2), base64.
     */
    private Map<String, String> signedSns(Map<String, String> message, String version) throws Exception {
        List<String> fields = "Notification".equals(message.get("Type"))
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        fields.stream().filter(message::containsKey).forEach(f -> canonical.append(f).append('\n').append(message.get(f)).append('\n'));
        String pem = new String(resource("sns-signing-key.pem"), StandardCharsets.US_ASCII);
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        Signature signer = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
        signer.initSign(key);
        signer.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> signed = new LinkedHashMap<>(message);
        signed.put("SignatureVersion", version);
        signed.put("Signature", Base64.getEncoder().encodeToString(signer.sign()));
        signed.put("SigningCertURL", TWILIO.baseUrl() + "/sns/signing.pem");
        return signed;
    }

    /** SendGrid's scheme: ECDSA P-256 with SHA-256 over the timestamp header followed by the body, base64 DER. */
    private static String sendGridSignature(String timestamp, String body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(SENDGRID.getPrivate());
        signer.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static String mailgunSignature(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(MAILGUN_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] resource(String name) {
        try (InputStream in = EmailFeedbackFlowTest.class.getResourceAsStream("/email-events/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> postJson(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = relink.plain(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return relink.send(request);
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String problem) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("https://relink.dev/problems/" + problem);
    }

    private JsonNode feedbackList(String query) throws Exception {
        return JSON.readTree(relink.send(relink.api("/api/email-feedback" + query)).body());
    }

    /** Whether one of the listed unknown notifications, read whole, holds the text. */
    private boolean stored(JsonNode items, String text) {
        try {
            for (JsonNode item : items) {
                JsonNode one = JSON.readTree(relink.send(relink.api("/api/email-feedback/" + item.path("id").asLong())).body());
                if (one.path("payload").asText().contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode contact(String user) throws Exception {
        return JSON.readTree(relink.send(relink.api("/api/contacts/" + user)).body());
    }

    private List<Map<String, Object>> deliveries(String link) {
        return jdbc.query("select d.step, d.channel, d.status, d.provider_id, d.feedback, d.feedback_provider"
                + " from prompt_delivery d join incident i on i.id = d.incident_id where i.link_id = ? order by d.id",
                (rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", rs.getInt("step"));
                    row.put("channel", rs.getString("channel"));
                    row.put("status", rs.getString("status"));
                    row.put("provider_id", rs.getString("provider_id"));
                    row.put("feedback", rs.getString("feedback"));
                    row.put("feedback_provider", rs.getString("feedback_provider"));
                    return row;
                }, link);
    }

    private Map<String, Object> delivery(String link, String channel) {
        return deliveries(link).stream().filter(row -> channel.equals(row.get("channel"))).findFirst().orElse(Map.of());
    }

    private String incidentId(String link) throws Exception {
        return JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + link)).body()).path("items").get(0)
                .path("id").asText();
    }

    private String timeline(String link) throws Exception {
        JsonNode incident = JSON.readTree(relink.send(relink.api("/api/incidents/" + incidentId(link))).body());
        StringBuilder lines = new StringBuilder();
        incident.path("timeline").forEach(e -> lines.append(e.path("type").asText()).append(": ")
                .append(e.path("detail").asText()).append('\n'));
        return lines.toString();
    }
}
