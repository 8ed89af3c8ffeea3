package dev.relink.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * The ops console over plain HTTP, as a browser without script would use it: its own login with a
 * session cookie, CSRF tokens on every form, and the pages reading the same data as the admin API.
 */
class OpsConsoleTest extends RelinkIntegrationTest {

    static final String OPS_USER = "ops";
    static final String OPS_PASSWORD = "relink-local-ops-password";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Value("${local.server.port}")
    int port;

    @Autowired
    GreenMail smtp;

    HttpClient browser;
    RelinkHttp relink;

    @BeforeEach
    void freshBrowser() {
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        relink = new RelinkHttp(port);
    }

    @Test
    void theConsoleAsksForItsOwnLoginAndNotTheApiKey() throws Exception {
        HttpResponse<String> anonymous = get("/ops/incidents");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/ops/login");

        HttpResponse<String> withApiKey = browser.send(HttpRequest.newBuilder(uri("/ops/incidents"))
                .header("Authorization", "Bearer " + API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withApiKey.statusCode()).as("the API key opens the API, not the console").isEqualTo(302);

        HttpResponse<String> wrong = login(OPS_USER, "not-the-password");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/ops/login?error");
        assertThat(get("/ops/login?error").body()).contains("did not match");

        HttpResponse<String> right = login(OPS_USER, OPS_PASSWORD);
        assertThat(right.headers().firstValue("Location").orElseThrow()).endsWith("/ops");
        assertThat(right.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("JSESSIONID=")
                && cookie.contains("HttpOnly"));
        HttpResponse<String> overview = get("/ops");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Open incidents by state and reason", "Repair funnel", "Routes",
                "detect.webhook-intake");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        login(OPS_USER, OPS_PASSWORD);
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(uri("/ops/dead-letters/delete"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("route=prompt.send-sms")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void incidentsAreFilteredByTheApisFiltersAndABadOneIsA400() throws Exception {
        String user = "ops-" + UUID.randomUUID();
        relink.breakLink(user, "heimdall_mx_retail", "token_required");
        login(OPS_USER, OPS_PASSWORD);

        // the bank is known once Relink has re-read the link from Belvo
        await().until(() -> get("/ops/incidents?external_id=" + user).body().contains("heimdall_mx_retail"));
        String page = get("/ops/incidents?external_id=" + user).body();
        assertThat(page).contains(user, "heimdall_mx_retail").contains("1–1 of 1");
        assertThat(get("/ops/incidents?external_id=" + user + "&reason=invalid_credentials").body())
                .contains("No incident matches.");
        HttpResponse<String> bad = get("/ops/incidents?reason=bogus");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("reason must be one of");
    }

    @Test
    void anIncidentPageShowsTheChannelsItsUserOptedOutOf() throws Exception {
        String user = "ops-" + UUID.randomUUID();
        String email = user + "@example.com";
        relink.putContact(user, Map.of("email", email, "locale", "en"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        MimeMessage prompt = await().until(() -> smtp.getReceivedMessagesForDomain(email), mails -> mails.length == 1)[0];
        // the user's mail app posts the prompt's one-click unsubscribe (RFC 8058)
        String unsubscribe = prompt.getHeader("List-Unsubscribe")[0].replaceAll("^<|>$", "");
        assertThat(relink.send(relink.plain(unsubscribe.substring(relink.base().length()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))).statusCode()).isEqualTo(200);
        String incident = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + link)).body())
                .path("items").get(0).path("id").asText();
        login(OPS_USER, OPS_PASSWORD);

        assertThat(get("/ops/incidents/" + incident).body()).containsPattern("id=\"opt-outs\">email since [^<]+</dd>");
    }

    @Test
    void anErasedIncidentStillOpensAsACountWithoutItsPerson() throws Exception {
        String user = "ops-" + UUID.randomUUID();
        relink.putContact(user, Map.of("email", user + "@example.com"));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        String incident = await().until(() -> RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents?link_id="
                + link)).body()).path("items").path(0).path("id").asText(), id -> !id.isEmpty());
        assertThat(relink.send(relink.api("/api/contacts/" + user).DELETE()).statusCode()).isEqualTo(204);
        login(OPS_USER, OPS_PASSWORD);

        HttpResponse<String> page = get("/ops/incidents/" + incident);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("erased").doesNotContain(user).doesNotContain(link);
        assertThat(get("/ops/incidents?state=erased").body()).contains(incident);
    }

    @Test
    void theRootLeadsToTheOutboxLocally() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/sandbox/outbox");
    }

    HttpResponse<String> login(String user, String password) throws Exception {
        Matcher token = CSRF.matcher(get("/ops/login").body());
        assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
        return post("/ops/login", Map.of("username", user, "password", password, "_csrf", token.group(1)));
    }

    HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
