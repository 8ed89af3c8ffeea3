package dev.relink.prompt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.channel.SmsText;
import dev.relink.support.RelinkOnTestClock;
import dev.relink.support.RelinkHttp;

/**
 * The prompt journey through the whole app: a Belvo webhook from the emulator, detection, the ladder,
 * real SMTP (the local profile's GreenMail) and a WireMock Twilio, with the clock moved by hand.
 * Quiet hours are 22:00–07:00 in each contact's zone; the clock starts at 18:00 UTC (noon in Mexico City).
 */
class PromptFlowTest extends RelinkOnTestClock {

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
    void client() {
        relink = new RelinkHttp(port);
    }

    @Test
    void webhookPromptsByEmailInTheContactsLanguageWithoutABelvoToken() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "ana." + user + "@example.com";
        relink.putContact(user, Map.of("name", "Ana", "email", email, "locale", "es-MX", "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        MimeMessage mail = awaitMail(email, 1).get(0);

        assertThat(mail.getSubject()).isEqualTo("Relink necesita que vuelvas a conectar Heimdall Bank");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).startsWith("Relink necesita que vuelvas a conectar Heimdall Bank").contains("Hola, Ana:")
                .contains("http://localhost:" + port + "/repair/");
        assertThat(html).contains("<html lang=\"es\">").contains("href=\"http://localhost:" + port + "/repair/");
        String raw = new String(mail.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + text + html;
        assertThat(raw).as("no Belvo widget token (JWT), no link id in the mail").doesNotContain("eyJ").doesNotContain(link);
        assertThat(mail.getFrom()[0].toString()).contains("relink@localhost");

        // the delivery is marked sent just after the SMTP server accepted the mail: wait for that write
        Map<String, Object> delivery = await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries(link).get(0), row -> "sent".equals(row.get("status")));
        assertThat(delivery).containsEntry("channel", "email").containsEntry("status", "sent")
                .containsEntry("template", "token_required/es/email-html")
                .containsEntry("provider_id", mail.getMessageID());
        assertThat((String) delivery.get("recipient_masked")).isEqualTo("a***@example.com");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(timeline(link)).contains("prompted: email to a***@example.com (step 0"));
    }

    @Test
    void whatsAppGoesOnlyToAnOptedInContactAsTheApprovedTemplateAndItsReadReceiptIsRecorded() throws Exception {
        String since = clock.instant().toString();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        twilioAnswers("To=whatsapp%3A%2B5215533334444", 201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}");
        String user = "user-" + UUID.randomUUID();
        HttpResponse<String> withoutOptIn = relink.send(relink.api("/api/contacts/" + user)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"phone\": \"+5215533334444\", \"channel\": \"whatsapp\"}")));
        assertThat(withoutOptIn.statusCode()).isEqualTo(400);
        assertThat(withoutOptIn.body()).contains("whatsapp_opt_in_at");

        relink.putContact(user, Map.of("phone", "+5215533334444", "locale", "pt-BR", "channel", "whatsapp",
                "whatsapp_opt_in_at", "2026-11-20T10:00:00Z", "time_zone", "America/Sao_Paulo"));
        assertThat(relink.send(relink.api("/api/contacts/" + user)).body()).contains("\"whatsapp_opt_in_at\"");
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(link).isEmpty()
                && sid.equals(deliveries(link).get(0).get("provider_id")));
        LoggedRequest request = TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID
                + "/Messages.json")).withRequestBody(containing("To=whatsapp%3A%2B5215533334444"))).get(0);
        Map<String, String> form = form(request.getBodyAsString());
        assertThat(form).containsEntry("To", "whatsapp:+5215533334444").containsEntry("From", "whatsapp:+14155238886")
                .containsEntry("ContentSid", "HX00000000000000000000000000000000")
                .containsEntry("StatusCallback", "http://localhost:" + port + "/callbacks/twilio/status")
                .doesNotContainKey("Body");
        JsonNode variables = JSON.readTree(form.get("ContentVariables"));
        assertThat(variables.path("1").asText()).isEqualTo("Heimdall Bank");
        String token = variables.path("2").asText();
        assertThat(relink.send(relink.plain("/repair/" + token)).statusCode()).as("the button's URL opens the repair page")
                .isEqualTo(200);
        assertThat(deliveries(link).get(0)).containsEntry("status", "queued").containsEntry("channel", "whatsapp")
                .containsEntry("recipient_masked", "whatsapp:+52*******4444")
                .containsEntry("template", "token_required/pt/whatsapp");

        Map<String, String> read = Map.of("MessageSid", sid, "MessageStatus", "read", "ChannelPrefix", "whatsapp",
                "AccountSid", TWILIO_SID);
        assertThat(statusCallback(read, twilioSignature("http://localhost:" + port + "/callbacks/twilio/status", read)).statusCode())
                .isEqualTo(204);
        assertThat(deliveries(link).get(0)).containsEntry("status", "read");
        assertThat(meters.counter("relink.prompt.deliveries", "channel", "whatsapp", "outcome", "read").count())
                .isEqualTo(1.0);
        assertThat(timeline(link)).contains("prompt_read: the user read the prompt");
        JsonNode funnel = JSON.readTree(relink.send(relink.api("/api/incidents/funnel?since=" + since)).body());
        assertThat(funnel.path("rows")).as("the repair funnel counts the read").anySatisfy(row -> assertThat(row.toString())
                .contains("\"reason\":\"token_required\"", "\"institution\":\"heimdall_mx_retail\"", "\"read\":1"));
    }

    @Test
    void smsGoesToTwilioAndItsStatusCallbackUpdatesTheDelivery() throws Exception {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        twilioAnswers("To=%2B5215511112222", 201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}");
        String user = "user-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", "+5215511112222", "locale", "pt-BR", "channel", "sms",
                "time_zone", "America/Sao_Paulo"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(link).isEmpty()
                && sid.equals(deliveries(link).get(0).get("provider_id")));
        LoggedRequest request = TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID
                + "/Messages.json")).withRequestBody(containing("To=%2B5215511112222"))).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((TWILIO_SID + ":" + TWILIO_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = form(request.getBodyAsString());
        assertThat(form).containsEntry("To", "+5215511112222").containsEntry("From", "+15005550006")
                .containsEntry("StatusCallback", "http://localhost:" + port + "/callbacks/twilio/status");
        assertThat(form.get("Body")).startsWith("Relink: O banco Heimdall Bank pede um novo codigo")
                .contains("http://localhost:" + port + "/repair/").doesNotContain(link);
        assertThat(SmsText.segments(form.get("Body"))).isLessThanOrEqualTo(2);
        assertThat(deliveries(link).get(0)).containsEntry("status", "queued").containsEntry("channel", "sms")
                .containsEntry("recipient_masked", "+52*******2222");

        Map<String, String> callback = Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid", TWILIO_SID);
        HttpResponse<String> forged = statusCallback(callback, "bm90LWEtc2lnbmF0dXJl");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(deliveries(link).get(0)).containsEntry("status", "queued");

        HttpResponse<String> signed = statusCallback(callback, twilioSignature("http://localhost:" + port + "/callbacks/twilio/status", callback));
        assertThat(signed.statusCode()).isEqualTo(204);
        assertThat(deliveries(link).get(0)).containsEntry("status", "delivered");
    }

    @Test
    void aNumberTwilioRefusesMarksTheDeliveryFailedWithoutRetrying() throws Exception {
        twilioAnswers("To=%2B5215500000000", 400,
                "{\"code\": 21211, \"message\": \"The 'To' number is not a valid phone number.\", \"status\": 400}");
        String user = "user-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", "+5215500000000", "channel", "sms", "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(link).isEmpty()
                && "failed".equals(deliveries(link).get(0).get("status")));
        assertThat((String) deliveries(link).get(0).get("error")).contains("HTTP 400").contains("21211");
        assertThat(timeline(link)).contains("prompt_failed");
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json"))
                .withRequestBody(containing("To=%2B5215500000000")))).hasSize(1);
    }

    @Test
    void aContactWhoTextsStopGetsNoSmsTheLadderEmailsThemAndStartOptsThemBackIn() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String phone = "+5215544445555";
        String email = "stop." + user + "@example.com";
        relink.putContact(user, Map.of("phone", phone, "email", email, "channel", "sms", "time_zone", "America/Mexico_City"));
        String inboundUrl = "http://localhost:" + port + "/callbacks/twilio/inbound";

        Map<String, String> stop = Map.of("From", phone, "To", "+15005550006", "Body", " stop ", "AccountSid", TWILIO_SID,
                "MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        assertThat(twilioPost("/callbacks/twilio/inbound", stop, "bm90LWEtc2lnbmF0dXJl").statusCode())
                .as("a forged STOP").isEqualTo(403);
        assertThat(contact(user).has("opt_outs")).isFalse();
        HttpResponse<String> stopped = twilioPost("/callbacks/twilio/inbound", stop, twilioSignature(inboundUrl, stop));
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).contains("<Response/>");
        assertThat(contact(user).path("opt_outs").path("sms").asText()).isNotEmpty();
        assertThat(contact(user).path("opt_outs").has("whatsapp")).isFalse();

        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        awaitMail(email, 1);
        assertThat(deliveries(link)).extracting(d -> d.get("channel")).as("sms preferred, but opted out").containsExactly("email");
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json"))
                .withRequestBody(containing("To=%2B5215544445555")))).isEmpty();

        Map<String, String> chat = Map.of("From", phone, "Body", "Stop please", "AccountSid", TWILIO_SID);
        assertThat(twilioPost("/callbacks/twilio/inbound", chat, twilioSignature(inboundUrl, chat)).statusCode()).isEqualTo(200);
        assertThat(contact(user).path("opt_outs").path("sms").asText()).as("not a keyword on its own").isNotEmpty();
        Map<String, String> start = Map.of("From", phone, "Body", "START", "AccountSid", TWILIO_SID);
        assertThat(twilioPost("/callbacks/twilio/inbound", start, twilioSignature(inboundUrl, start)).statusCode()).isEqualTo(200);
        assertThat(contact(user).has("opt_outs")).isFalse();

        Map<String, String> stranger = Map.of("From", "+5215500009999", "Body", "STOP", "AccountSid", TWILIO_SID);
        assertThat(twilioPost("/callbacks/twilio/inbound", stranger, twilioSignature(inboundUrl, stranger)).statusCode())
                .as("an unknown sender: nothing to change, nothing for Twilio to retry").isEqualTo(200);
    }

    @Test
    void aWhatsAppOptOutTypeStopOptsOutOfWhatsAppOnlyAndNobodyLeftToPromptParksTheIncident() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String phone = "+5511966667777";
        relink.putContact(user, Map.of("phone", phone, "channel", "whatsapp", "whatsapp_opt_in_at", "2026-11-20T10:00:00Z",
                "time_zone", "America/Sao_Paulo"));
        String inboundUrl = "http://localhost:" + port + "/callbacks/twilio/inbound";
        Map<String, String> parar = Map.of("From", "whatsapp:" + phone, "Body", "Parar", "OptOutType", "STOP",
                "AccountSid", TWILIO_SID);
        assertThat(twilioPost("/callbacks/twilio/inbound", parar, twilioSignature(inboundUrl, parar)).statusCode()).isEqualTo(200);
        JsonNode optOuts = contact(user).path("opt_outs");
        assertThat(optOuts.path("whatsapp").asText()).isNotEmpty();
        assertThat(optOuts.path("opt_out_type").asText()).isEqualTo("STOP");
        assertThat(optOuts.has("sms")).isFalse();

        Map<String, String> smsStop = Map.of("From", phone, "Body", "STOP", "AccountSid", TWILIO_SID);
        assertThat(twilioPost("/callbacks/twilio/inbound", smsStop, twilioSignature(inboundUrl, smsStop)).statusCode()).isEqualTo(200);
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> "no_contact".equals(incident(link).path("state").asText()));
        assertThat(timeline(link)).contains("opted out of each channel");
        assertThat(deliveries(link)).isEmpty();

        Map<String, String> start = Map.of("From", "whatsapp:" + phone, "Body", "Começar", "OptOutType", "START",
                "AccountSid", TWILIO_SID);
        assertThat(twilioPost("/callbacks/twilio/inbound", start, twilioSignature(inboundUrl, start)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(afterATick(() -> !deliveries(link).isEmpty())); // due now
        assertThat(deliveries(link)).extracting(d -> d.get("channel")).as("opted back in: prompting resumes there")
                .containsExactly("whatsapp");
    }

    @Test
    void twilioAnswering21610OptsTheContactOutOfSmsWithoutRetryingAndTheNextReminderIsAnEmail() throws Exception {
        twilioAnswers("To=%2B5215577778888", 400,
                "{\"code\": 21610, \"message\": \"Attempt to send to unsubscribed recipient\", \"status\": 400}");
        String user = "user-" + UUID.randomUUID();
        String email = "unsub." + user + "@example.com";
        relink.putContact(user, Map.of("phone", "+5215577778888", "email", email, "channel", "sms",
                "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> contact(user).path("opt_outs").has("sms"));
        assertThat(deliveries(link).get(0)).containsEntry("status", "failed");
        assertThat(timeline(link)).contains("opted_out: sms to +52*******8888: Twilio answered 21610");
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json"))
                .withRequestBody(containing("To=%2B5215577778888")))).hasSize(1);

        clock.set(nextPromptAt(link));
        ladderTick();
        awaitMail(email, 1);
        assertThat(deliveries(link)).extracting(d -> d.get("channel")).containsExactly("sms", "email");
    }

    @Test
    void anUndeliveredStatusCallbackWith21610OptsTheContactOutOfSms() throws Exception {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        twilioAnswers("To=%2B5215566667777", 201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}");
        String user = "user-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", "+5215566667777", "channel", "sms", "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(link).isEmpty()
                && sid.equals(deliveries(link).get(0).get("provider_id")));

        Map<String, String> undelivered = Map.of("MessageSid", sid, "MessageStatus", "undelivered", "ErrorCode", "21610",
                "AccountSid", TWILIO_SID);
        assertThat(statusCallback(undelivered, twilioSignature("http://localhost:" + port + "/callbacks/twilio/status", undelivered))
                .statusCode()).isEqualTo(204);
        assertThat(contact(user).path("opt_outs").path("sms").asText()).isNotEmpty();
        assertThat(timeline(link)).contains("opted_out: sms to +52*******7777: Twilio answered 21610");
    }

    @Test
    void everyPromptEmailCarriesAOneClickOptOutThatStopsEmailPrompts() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "unsubscribe." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        MimeMessage mail = awaitMail(email, 1).get(0);

        assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        String header = mail.getHeader("List-Unsubscribe")[0];
        assertThat(header).startsWith("<http://localhost:" + port + "/opt-out/").endsWith(">").doesNotContain(user)
                .doesNotContain(email);
        String path = header.substring(("<http://localhost:" + port).length(), header.length() - 1);

        HttpResponse<String> page = relink.send(relink.plain(path));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"").contains("Unsubscribe");
        assertThat(contact(user).has("opt_outs")).as("opening the link changes nothing").isFalse();
        HttpResponse<String> forged = relink.send(relink.plain(forged(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(forged.statusCode()).isEqualTo(404);
        HttpResponse<String> oneClick = relink.send(relink.plain(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(contact(user).path("opt_outs").path("email").asText()).isNotEmpty();

        clock.set(nextPromptAt(link));
        ladderTick();
        await().atMost(Duration.ofSeconds(30)).until(() -> "no_contact".equals(incident(link).path("state").asText()));
        assertThat(smtp.getReceivedMessagesForDomain(email)).hasSize(1);
    }

    @Test
    void aNumberNotOnWhatsAppGetsTheSameStepByEmailAtOnce() throws Exception {
        twilioAnswers("To=whatsapp%3A%2B5215588889999", 400, "{\"code\": 63003, \"message\":"
                + " \"Channel could not find To address\", \"more_info\": \"https://www.twilio.com/docs/errors/63003\", \"status\": 400}");
        String user = "user-" + UUID.randomUUID();
        String email = "nowa." + user + "@example.com";
        relink.putContact(user, Map.of("phone", "+5215588889999", "email", email, "channel", "whatsapp",
                "whatsapp_opt_in_at", "2026-11-20T10:00:00Z", "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        // the step goes back on the ladder, due now, for the next channel: the next tick sends it
        await().atMost(Duration.ofSeconds(30)).until(afterATick(() -> smtp.getReceivedMessagesForDomain(email).length == 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(link).size() == 2
                && "sent".equals(deliveries(link).get(1).get("status")));
        assertThat(deliveries(link)).extracting(d -> d.get("step") + " " + d.get("channel") + " " + d.get("status"))
                .containsExactly("0 whatsapp failed", "0 email sent");
        assertThat(timeline(link)).contains("prompt_refused: whatsapp to whatsapp:+52*******9999: Twilio answered 63003"
                + " (not on WhatsApp); step 0 goes out on the next channel");
        assertThat(contact(user).has("opt_outs")).as("not on WhatsApp is no opt-out").isFalse();
        Instant first = jdbc.queryForObject("select d.created_at from prompt_delivery d join incident i"
                + " on i.id = d.incident_id where i.link_id = ? and d.channel = 'whatsapp'", OffsetDateTime.class, link).toInstant();
        assertThat(nextPromptAt(link)).as("the next reminder keeps its time").isEqualTo(first.plus(Duration.ofHours(24)));
    }

    @Test
    void aWhatsAppTemplateRefusedLaterInAStatusCallbackSendsTheSameStepBySms() throws Exception {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String smsSid = "SM" + UUID.randomUUID().toString().replace("-", "");
        twilioAnswers("To=whatsapp%3A%2B5511922223333", 201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}");
        twilioAnswers("To=%2B5511922223333", 201, "{\"sid\": \"" + smsSid + "\", \"status\": \"queued\"}");
        String user = "user-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", "+5511922223333", "locale", "pt-BR", "channel", "whatsapp",
                "whatsapp_opt_in_at", "2026-11-20T10:00:00Z", "time_zone", "America/Sao_Paulo"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(link).isEmpty()
                && sid.equals(deliveries(link).get(0).get("provider_id")));

        Map<String, String> refused = Map.of("MessageSid", sid, "MessageStatus", "failed", "ErrorCode", "63016",
                "ChannelPrefix", "whatsapp", "AccountSid", TWILIO_SID);
        assertThat(statusCallback(refused, twilioSignature("http://localhost:" + port + "/callbacks/twilio/status", refused))
                .statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).until(afterATick(() -> deliveries(link).size() == 2 // the step, due now
                && smsSid.equals(deliveries(link).get(1).get("provider_id"))));
        assertThat(deliveries(link)).extracting(d -> d.get("step") + " " + d.get("channel") + " " + d.get("status"))
                .containsExactly("0 whatsapp failed", "0 sms queued");
        assertThat(timeline(link)).contains("Twilio answered 63016 (template refused)");

        Instant nextReminder = nextPromptAt(link);
        assertThat(statusCallback(refused, twilioSignature("http://localhost:" + port + "/callbacks/twilio/status", refused))
                .statusCode()).as("Twilio repeats its callback").isEqualTo(204);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(afterATick(() -> nextPromptAt(link).equals(nextReminder) && deliveries(link).size() == 2));
        assertThat(incident(link).path("state").asText()).as("the step went out by SMS: nothing to take again")
                .isEqualTo("prompting");
    }

    @Test
    void twilioDownIsRetriedDeadLetteredAndDeliveredByReplay() throws Exception {
        String phone = "+5215533334444";
        String path = "/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json";
        TWILIO.stubFor(post(urlEqualTo(path)).withRequestBody(containing("To=%2B5215533334444"))
                .willReturn(aResponse().withStatus(503).withBody("{\"message\": \"down\"}")));
        String user = "user-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", phone, "channel", "sms", "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(link).isEmpty()
                && "failed".equals(deliveries(link).get(0).get("status")));
        assertThat((String) deliveries(link).get(0).get("error")).contains("statusCode: 503");
        assertThat(TWILIO.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing("To=%2B5215533334444"))))
                .as("first try and one retry").hasSize(2);
        JsonNode letters = JSON.readTree(relink.send(relink.api("/api/dead-letters?route=prompt.send-sms").GET()).body()).path("items");
        String letter = null;
        for (JsonNode item : letters) {
            JsonNode detail = JSON.readTree(relink.send(relink.api("/api/dead-letters/" + item.path("id").asText()).GET()).body());
            // the route's input: the Send it takes whole, address and text
            JsonNode send = JSON.readTree(detail.path("body").asText());
            if (phone.equals(send.path("to").asText())) {
                letter = item.path("id").asText();
                assertThat(send.path("text").asText()).contains("/repair/");
                assertThat(detail.toString()).doesNotContain(TWILIO_TOKEN);
            }
        }
        assertThat(letter).as("a dead letter holding the SMS").isNotNull();

        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        TWILIO.stubFor(post(urlEqualTo(path)).withRequestBody(containing("To=%2B5215533334444"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"" + sid + "\", \"status\": \"queued\"}")));
        HttpResponse<String> replay = relink.send(relink.api("/api/dead-letters/" + letter + "/replay").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> sid.equals(deliveries(link).get(0).get("provider_id")));
        assertThat(deliveries(link)).hasSize(1);
        assertThat(deliveries(link).get(0)).containsEntry("status", "queued");
    }

    @Test
    void aContactTheAppKnowsIsLookedUpOverHttp() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "looked-up." + user + "@example.com";
        TWILIO.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/app/users/" + user + "/contact"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"email\": \"" + email + "\", \"locale\": \"pt\", \"time_zone\": \"America/Sao_Paulo\"}")));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        MimeMessage mail = awaitMail(email, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Relink precisa que você reconecte Heimdall Bank");
        assertThat(deliveries(link)).hasSize(1);
    }

    @Test
    void remindersFollowTheLadderFallBackToEmailAndTheIncidentExpires() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "ladder." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "locale", "en", "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        awaitMail(email, 1);
        Instant first = jdbc.queryForObject("select d.created_at from prompt_delivery d join incident i"
                + " on i.id = d.incident_id where i.link_id = ? and d.step = 0", OffsetDateTime.class, link).toInstant();

        assertThat(nextPromptAt(link)).isEqualTo(first.plus(Duration.ofHours(24)));
        clock.set(first.plus(Duration.ofHours(24)));
        ladderTick();
        awaitMail(email, 2);
        assertThat(nextPromptAt(link)).isEqualTo(first.plus(Duration.ofHours(72)));

        clock.set(first.plus(Duration.ofHours(72)));
        ladderTick();
        awaitMail(email, 3);
        assertThat(deliveries(link)).extracting(d -> d.get("channel")).as("step 3 is sms, the contact has no phone")
                .containsExactly("email", "email", "email");

        clock.set(first.plus(Duration.ofHours(72)).plus(Duration.ofDays(7)));
        ladderTick();
        await().atMost(Duration.ofSeconds(30)).until(() -> "expired".equals(incident(link).path("state").asText()));
        assertThat(timeline(link)).contains("expired");
    }

    @Test
    void remindersDueAtOneTickReadTheirLinksFromBelvoTogether() throws Exception {
        List<String> emails = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String user = "user-" + UUID.randomUUID();
            emails.add("together." + user + "@example.com");
            relink.putContact(user, Map.of("email", emails.get(i), "time_zone", "America/Mexico_City"));
            links.add(relink.breakLink(user, "erebor_mx_retail", "invalid_credentials"));
        }
        for (String email : emails) {
            awaitMail(email, 1);
        }
        Instant due = links.stream().map(this::nextPromptAt).max(Instant::compareTo).orElseThrow();
        double bulkBefore = belvoReads("/sandbox/api/links/");
        double singleBefore = belvoReads("/sandbox/api/links/{id}/");

        clock.set(due);
        ladderTick();

        for (String email : emails) {
            awaitMail(email, 2);
        }
        // one tick claims the three (and any other test's incident due by now): their links are read in one go
        assertThat(belvoReads("/sandbox/api/links/") - bulkBefore).isBetween(1.0, 2.0);
        assertThat(belvoReads("/sandbox/api/links/{id}/") - singleBefore).isZero();
    }

    /** Belvo reads as the emulator counted them, by path: the listing (with id__in) or one link. */
    private double belvoReads(String uri) {
        return meters.find("http.server.requests").tag("method", "GET").tag("uri", uri).timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    @Test
    void quietHoursInTheContactsZoneHoldTheMessageUntilMorning() throws Exception {
        Instant now = clock.instant();
        String user = "user-" + UUID.randomUUID();
        String email = "night." + user + "@example.com";
        // A zone where it is 22:00 right now, the start of the quiet hours (Etc/GMT-N is UTC+N).
        int offset = Math.floorMod(22 - now.atZone(ZoneOffset.UTC).getHour(), 24);
        offset = offset > 14 ? offset - 24 : offset;
        String zone = offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
        relink.putContact(user, Map.of("email", email, "time_zone", zone));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(link).contains("prompt_deferred"));
        assertThat(deliveries(link)).isEmpty();
        assertThat(nextPromptAt(link)).isEqualTo(now.plus(Duration.ofHours(9)));

        clock.set(now.plus(Duration.ofHours(9)));
        ladderTick();
        awaitMail(email, 1);
    }

    @Test
    void aPersonGetsNoMoreThanTheDailyCapAcrossTheirLinks() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "many." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
        // One after the other: the cap is counted before each send.
        for (int sent = 1; sent <= 3; sent++) {
            relink.breakLink(user, "heimdall_mx_retail", "token_required");
            awaitMail(email, sent);
        }
        String fourth = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(fourth).contains("prompt_deferred"));
        assertThat(deliveries(fourth)).isEmpty();
        assertThat(smtp.getReceivedMessagesForDomain(email)).hasSize(3);
    }

    @Test
    void aLinkRepairedBeforeTheReminderIsResolvedAndNotPromptedAgain() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "fixed." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        awaitMail(email, 1);

        relink.admin("/sandbox/admin/links/" + link + "/status", Map.of("status", "valid"));
        clock.set(nextPromptAt(link));
        ladderTick();

        await().atMost(Duration.ofSeconds(30)).until(() -> "resolved".equals(incident(link).path("state").asText()));
        assertThat(deliveries(link)).hasSize(1);
        assertThat(smtp.getReceivedMessagesForDomain(email)).hasSize(1);
        assertThat(timeline(link)).contains("resolved");
    }

    @Test
    void withoutAContactTheIncidentIsParkedAsNoContactUntilOneIsSaved() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(30)).until(() -> "no_contact".equals(incident(link).path("state").asText()));
        assertThat(timeline(link)).contains("prompting -> no_contact");
        HttpResponse<String> listed = relink.send(relink.api("/api/incidents?state=no_contact&link_id=" + link).GET());
        assertThat(JSON.readTree(listed.body()).path("total").asInt()).isEqualTo(1);

        String email = "late." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
        await().atMost(Duration.ofSeconds(30)).until(afterATick(() -> smtp.getReceivedMessagesForDomain(email).length == 1));
        assertThat(incident(link).path("state").asText()).isEqualTo("prompting");
    }

    // --- helpers: the app over HTTP, the way the app, ops and Belvo reach it ---

    private List<MimeMessage> awaitMail(String to, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(to).length >= count);
        MimeMessage[] received = smtp.getReceivedMessagesForDomain(to);
        assertThat(received).hasSize(count);
        return Arrays.asList(received);
    }

    private JsonNode incident(String link) throws Exception {
        JsonNode items = JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + link).GET()).body()).path("items");
        return items.isEmpty() ? JSON.createObjectNode() : items.get(0);
    }

    private String timeline(String link) {
        try {
            String id = incident(link).path("id").asText();
            if (id.isEmpty()) {
                return "";
            }
            StringBuilder lines = new StringBuilder();
            JSON.readTree(relink.send(relink.api("/api/incidents/" + id).GET()).body()).path("timeline")
                    .forEach(e -> lines.append(e.path("type").asText()).append(": ").append(e.path("detail").asText()).append('\n'));
            return lines.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<Map<String, Object>> deliveries(String link) {
        return jdbc.queryForList("select d.* from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ? order by d.step", link).stream()
                .map(row -> {
                    Map<String, Object> lower = new LinkedHashMap<>();
                    row.forEach((k, v) -> lower.put(k.toLowerCase(), v));
                    return lower;
                }).toList();
    }

    private Instant nextPromptAt(String link) {
        return jdbc.queryForObject("select next_prompt_at from incident where link_id = ? and open_link_id is not null",
                OffsetDateTime.class, link).toInstant();
    }

    private JsonNode contact(String user) throws Exception {
        return JSON.readTree(relink.send(relink.api("/api/contacts/" + user)).body());
    }

    private HttpResponse<String> statusCallback(Map<String, String> params, String signature) throws Exception {
        return twilioPost("/callbacks/twilio/status", params, signature);
    }

    /** The WireMock Twilio answers a CreateMessage to {@code to} (form-encoded) with this status and JSON. */
    private static void twilioAnswers(String to, int status, String json) {
        TWILIO.stubFor(post(urlEqualTo("/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json"))
                .withRequestBody(containing(to))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
    }

    /** A form-encoded POST as Twilio sends its callbacks (status, incoming messages). */
    private HttpResponse<String> twilioPost(String path, Map<String, String> params, String signature) throws Exception {
        String body = params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return relink.send(relink.plain(path)
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }


    /**
     * The link with one character of its signature changed, well inside it: the last characters of a base64
     * signature carry unused bits, so changing them could leave the signature as it was (and the test flaky).
     */
    private static String forged(String path) {
        int at = path.length() - 6;
        char other = path.charAt(at) == 'A' ? 'B' : 'A';
        return path.substring(0, at) + other + path.substring(at + 1);
    }
}
