package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** The {@code local} profile without a Twilio auth token: callbacks are taken as they come, to try STOP by hand. */
class TwilioCallbacksLocallyTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void anUnsignedStopOptsTheNumberOutLocally() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        String user = "local-stop-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", "+5215512349999", "channel", "sms"));

        HttpResponse<String> stop = relink.send(relink.plain("/callbacks/twilio/inbound")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("From=%2B5215512349999&Body=STOP")));

        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
        assertThat(RelinkHttp.JSON.readTree(relink.send(relink.api("/api/contacts/" + user)).body())
                .path("opt_outs").has("sms")).isTrue();
    }
}
