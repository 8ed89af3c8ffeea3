package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** An OFDA user as the consent tests need one: a contact, and a link at the emulator's OFDA bank with a consent. */
final class ConsentFixture {

    static final String OFDA_BANK = "ofmockbank_br_retail";
    static final String CPF = "123.456.789-09";

    private static final Pattern REPAIR_URL = Pattern.compile("http://\\S+/repair/[A-Za-z0-9._~-]+");

    private final RelinkHttp relink;
    private final GreenMail smtp;

    record OfdaLink(String externalId, String email, String linkId, String consentId) {
    }

    ConsentFixture(RelinkHttp relink, GreenMail smtp) {
        this.relink = relink;
        this.smtp = smtp;
    }

    /** A pt-BR contact and an OFDA link whose consent expires in {@code days} days. */
    OfdaLink ofdaUser(int days) throws Exception {
        String user = "br-" + UUID.randomUUID();
        String email = "maria." + user + "@example.com";
        relink.putContact(user, Map.of("name", "Maria", "email", email, "locale", "pt-BR",
                "time_zone", "America/Sao_Paulo"));
        JsonNode seeded = post("/sandbox/admin/links", Map.of("institution", OFDA_BANK, "external_id", user,
                "consent_duration_days", days, "document_number", CPF));
        return new OfdaLink(user, email, seeded.get("ids").get(0).asText(), seeded.get("consent_ids").get(0).asText());
    }

    /** Belvo's CONSENT webhook for the link, through the emulator (data from the link's consent unless given). */
    void consentWebhook(OfdaLink link, String code, Map<String, Object> data) throws Exception {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("webhook_type", "CONSENT");
        webhook.put("webhook_code", code);
        webhook.put("link_id", link.linkId());
        if (data != null) {
            webhook.put("data", data);
        }
        JsonNode delivery = post("/sandbox/admin/webhooks", webhook);
        assertThat(delivery.get("status").asInt()).as(delivery.toString()).isEqualTo(202);
    }

    JsonNode post(String path, Map<String, ?> body) throws Exception {
        HttpResponse<String> response = relink.send(relink.plain(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelinkHttp.JSON.writeValueAsString(body))));
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return RelinkHttp.JSON.readTree(response.body());
    }

    /** The link's newest incident through the API, or null. */
    JsonNode incident(String linkId) throws Exception {
        JsonNode items = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + linkId).GET())
                .body()).path("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /** The consent as the emulated Belvo API shows it, asked the way Relink asks (Basic auth with the demo keys). */
    JsonNode belvoConsent(String consentId) throws Exception {
        String basic = Base64.getEncoder().encodeToString((RelinkIntegrationTest.BELVO_ID + ":"
                + RelinkIntegrationTest.BELVO_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = relink.send(relink.plain("/sandbox/api/consents/" + consentId + "/")
                .header("Authorization", "Basic " + basic).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RelinkHttp.JSON.readTree(response.body());
    }

    JsonNode get(String apiPath) throws Exception {
        HttpResponse<String> response = relink.send(relink.api(apiPath).GET());
        return RelinkHttp.JSON.readTree(response.body());
    }

    /** The contact's CPF and full name, as the app would store them for My Belvo Portal tokens. */
    void putIdentity(String externalId, String cpf, String name) throws Exception {
        HttpResponse<String> saved = relink.send(relink.api("/api/contacts/" + externalId + "/identity")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        RelinkHttp.JSON.writeValueAsString(Map.of("cpf", cpf, "full_name", name)))));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    /** The repair link in the first prompt mailed to {@code email} (GreenMail), once it arrived. */
    String repairUrlMailedTo(String email) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(email).length >= 1);
        String body = GreenMailUtil.getBody(smtp.getReceivedMessagesForDomain(email)[0]).replace("=\r\n", "");
        Matcher url = REPAIR_URL.matcher(body);
        assertThat(url.find()).as(body).isTrue();
        return url.group();
    }

    /** A URL's query parameters, decoded. */
    static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
