package dev.relink.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** A browser logged in to the ops console (the local profile's login), for what only ops may see. */
public final class OpsSession {

    public static final String USER = "ops";
    public static final String PASSWORD = "relink-local-ops-password";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;

    private OpsSession(String base) {
        this.base = base;
    }

    /** Logs in to the app on this port with the local profile's login. */
    public static OpsSession logIn(int port) throws Exception {
        return logIn("http://localhost:" + port, USER, PASSWORD);
    }

    /** Logs in through the form, as a person does. */
    public static OpsSession logIn(String base, String user, String password) throws Exception {
        OpsSession session = new OpsSession(base);
        Matcher token = CSRF.matcher(session.get("/ops/login").body());
        assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = session.browser.send(HttpRequest.newBuilder(URI.create(session.base + "/ops/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location")).as("logged in").hasValueSatisfying(l -> assertThat(l).endsWith("/ops"));
        return session;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /actuator/health} or one of its paths with every component's details, as ops see it. */
    public JsonNode health(String path) throws Exception {
        HttpResponse<String> health = get(path);
        assertThat(health.statusCode()).as(path + ": " + health.body()).isIn(200, 503);
        return RelinkHttp.JSON.readTree(health.body());
    }
}
