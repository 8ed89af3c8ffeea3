package dev.relink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkIntegrationTest;

/**
 * The ops console as a TLS proxy in front of it serves it (the proxy's {@code X-Forwarded-*} headers over
 * plain HTTP), and its login under guessing. Each test is a client at an address of its own, passed on by the
 * proxy in {@code X-Forwarded-For}, so that no other test's sign-ins count against it.
 */
class OpsConsoleBehindProxyTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void behindATlsProxyTheSessionCookieIsSecureAndSameSiteHstsIsSentAndTheLoginRedirectStaysOnHttps() throws Exception {
        HttpResponse<String> anonymous = new Browser("198.51.100.20", true).get("/ops/incidents");
        assertThat(anonymous.headers().firstValue("Location")).hasValue("https://relink.example.com/ops/login");

        Browser browser = new Browser("198.51.100.20", true);
        HttpResponse<String> page = browser.get("/ops/login");

        assertThat(page.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("; Secure", "; HttpOnly", "; SameSite=Lax"));
        assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000 ; includeSubDomains");
        HttpResponse<String> signedIn = browser.login(OpsConsoleTest.OPS_USER, OpsConsoleTest.OPS_PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("https://relink.example.com/ops");

        Browser direct = new Browser("198.51.100.21", false);
        HttpResponse<String> plain = direct.get("/ops/login");
        assertThat(plain.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .doesNotContain("Secure").contains("; SameSite=Lax"));
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
    }

    @Test
    void fiveWrongPasswordsHoldThatUserAtThatAddressBackWith429EvenForTheRightPassword() throws Exception {
        Browser guesser = new Browser("203.0.113.7", true);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = guesser.login(OpsConsoleTest.OPS_USER, "guess-" + i);
            assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ops/login?error"));
        }

        HttpResponse<String> held = guesser.login(OpsConsoleTest.OPS_USER, OpsConsoleTest.OPS_PASSWORD);
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        assertThat(held.body()).contains("Too many wrong passwords");

        HttpResponse<String> page = guesser.login("OPS", OpsConsoleTest.OPS_PASSWORD, "text/html,application/xhtml+xml");
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.body()).contains("Too many wrong passwords for that user name from here", "name=\"_csrf\"");

        Browser colleague = new Browser("203.0.113.8", true);
        assertThat(colleague.login(OpsConsoleTest.OPS_USER, OpsConsoleTest.OPS_PASSWORD).headers().firstValue("Location"))
                .as("the ops user from another address").hasValue("https://relink.example.com/ops");
    }

    /** One browser behind the proxy: its own session cookie and address; over https at the proxy, or not. */
    final class Browser {

        /** What the proxy adds to each of its requests. */
        private final Map<String, String> forwarded;
        private String session;

        Browser(String address, boolean https) {
            forwarded = https ? Map.of("X-Forwarded-For", address, "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "relink.example.com") : Map.of("X-Forwarded-For", address);
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET());
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            return login(user, password, "*/*");
        }

        HttpResponse<String> login(String user, String password, String accept) throws Exception {
            Matcher token = OpsConsoleTest.CSRF.matcher(get("/ops/login").body());
            assertThat(token.find()).isTrue();
            String form = Map.of("username", user, "password", password, "_csrf", token.group(1)).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(request("/ops/login").header("Accept", accept)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            forwarded.forEach(request::header);
            if (session != null) {
                request.header("Cookie", session);
            }
            return request;
        }

        /** Keeps the session cookie by hand: Java's cookie store would not send a Secure one over http. */
        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("JSESSIONID="))
                    .findFirst().ifPresent(cookie -> session = cookie.substring(0, cookie.indexOf(';')));
            return response;
        }
    }
}
