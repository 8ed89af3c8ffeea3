package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkInProduction;

/**
 * Outside the {@code local} profile a Twilio callback is believed only with a verified
 * {@code X-Twilio-Signature}: anyone else POSTing {@code Body=STOP} must not opt a person out.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwilioCallbacksOutsideLocalTest {

    static final String TOKEN = "a-twilio-auth-token-for-tests";
    static final String INBOUND_URL = "https://relink.example.com/callbacks/twilio/inbound";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void withoutAnAuthTokenTheCallbacksAreOffAndNobodyCanOptANumberOut(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = RelinkInProduction.start("--relink.sms.provider=capture")) {
            int port = RelinkInProduction.port(app);
            String user = contact(port);
            List<Map.Entry<String, String>> stop = List.of(Map.entry("From", "+5215512340000"), Map.entry("Body", "STOP"));

            HttpResponse<String> unsigned = post(port, "/callbacks/twilio/inbound", stop, null);
            HttpResponse<String> signed = post(port, "/callbacks/twilio/inbound", stop, "c2lnbmVkLWJ5LXdobz8=");
            HttpResponse<String> status = post(port, "/callbacks/twilio/status",
                    List.of(Map.entry("MessageSid", "SM1"), Map.entry("MessageStatus", "undelivered")), null);

            HttpResponse<String> encoded = post(port, "/%63allbacks/twilio/%69nbound", stop, null);

            for (HttpResponse<String> refused : List.of(unsigned, signed, status, encoded)) {
                assertProblem(refused, "twilio-callbacks-off", "relink.sms.twilio.auth-token is not set");
            }
            assertThat(optOuts(port, user)).as("the person is still reachable by SMS").isEmpty();
            assertThat(output.toString().split("Twilio callbacks \\(/callbacks/twilio/\\*\\) are off", -1))
                    .as("said once at start-up").hasSize(2);
        }
    }

    @Test
    void withAnAuthTokenOnlyACallbackSignedOverItsUrlAndEveryParameterGetsIn() throws Exception {
        try (ConfigurableApplicationContext app = RelinkInProduction.start("--relink.sms.provider=twilio",
                "--relink.sms.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
                "--relink.sms.twilio.auth-token=" + TOKEN, "--relink.sms.twilio.from=+15005550006")) {
            int port = RelinkInProduction.port(app);
            String user = contact(port);
            // Twilio repeats a parameter when it has several values; every one of them is signed
            List<Map.Entry<String, String>> stop = List.of(Map.entry("From", "+5215512340000"), Map.entry("Body", "STOP"),
                    Map.entry("MediaUrl", "https://api.twilio.com/b"), Map.entry("MediaUrl", "https://api.twilio.com/a"));
            String overAll = TwilioSignature.of(TOKEN, INBOUND_URL, Map.of("From", new String[] {"+5215512340000"},
                    "Body", new String[] {"STOP"}, "MediaUrl", new String[] {"https://api.twilio.com/b",
                            "https://api.twilio.com/a"}));
            String overFirstValues = TwilioSignature.of(TOKEN, INBOUND_URL, Map.of("From", new String[] {"+5215512340000"},
                    "Body", new String[] {"STOP"}, "MediaUrl", new String[] {"https://api.twilio.com/b"}));
            String forOtherUrl = TwilioSignature.of(TOKEN, "http://localhost:" + port + "/callbacks/twilio/inbound",
                    Map.of("From", new String[] {"+5215512340000"}, "Body", new String[] {"STOP"}, "MediaUrl",
                            new String[] {"https://api.twilio.com/b", "https://api.twilio.com/a"}));

            assertProblem(post(port, "/callbacks/twilio/inbound", stop, null), "bad-twilio-signature", "missing");
            assertProblem(post(port, "/%63allbacks/twilio/inbound", stop, null), "bad-twilio-signature", "missing");
            assertProblem(post(port, "/callbacks/twilio/inbound", stop, "bm90LWEtc2lnbmF0dXJl"), "bad-twilio-signature",
                    "does not match");
            assertProblem(post(port, "/callbacks/twilio/inbound", stop, overFirstValues), "bad-twilio-signature",
                    "does not match");
            assertProblem(post(port, "/callbacks/twilio/inbound", stop, forOtherUrl), "bad-twilio-signature",
                    "does not match");
            assertThat(optOuts(port, user)).as("nothing got in: the person is still reachable").isEmpty();

            HttpResponse<String> genuine = post(port, "/callbacks/twilio/inbound", stop, overAll);
            assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
            assertThat(optOuts(port, user).fieldNames()).toIterable().containsExactly("sms");
        }
    }

    /** A contact with the phone the callbacks name; answers its external id. */
    private static String contact(int port) throws Exception {
        String user = "twilio-" + UUID.randomUUID();
        HttpResponse<String> put = HTTP.send(api(port, "/api/contacts/" + user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"phone\":\"+5215512340000\",\"channel\":\"sms\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return user;
    }

    private static JsonNode optOuts(int port, String user) throws Exception {
        HttpResponse<String> contact = HTTP.send(api(port, "/api/contacts/" + user).build(),
                HttpResponse.BodyHandlers.ofString());
        return RelinkHttp.JSON.readTree(contact.body()).path("opt_outs");
    }

    private static HttpRequest.Builder api(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + RelinkInProduction.API_KEY);
    }

    /** A form-encoded POST as Twilio sends its callbacks, parameters in this order (repeats kept). */
    private static HttpResponse<String> post(int port, String path, List<Map.Entry<String, String>> params,
            String signature) throws Exception {
        String body = params.stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, String type, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://relink.dev/problems/" + type, detail);
    }
}
