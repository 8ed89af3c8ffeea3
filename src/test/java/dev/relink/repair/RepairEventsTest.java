package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.incident.IncidentState;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.UnreadableBodies;

/** {@code POST /repair/{token}/events}: the widget's callbacks, their limits, and what they set in motion. */
class RepairEventsTest extends RelinkIntegrationTest {

    private static final String JSON = "application/json";

    @Autowired
    RepairTokens repairTokens;

    @Autowired
    RepairFixture fixture;

    private String events(RepairFixture.Broken broken) {
        return broken.url() + "/events";
    }

    @Test
    void successMovesTheIncidentToRepairSubmittedAndResolvesItWhenBelvoSaysValid() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("heimdall_mx_retail", "token_required");
        fixture.emulatorSays(broken.linkId(), "valid");

        RepairFixture.Answer answer = fixture.post(events(broken), RepairFixture.JSON.writeValueAsString(Map.of(
                "type", "success", "link", broken.linkId(), "institution", "heimdall_mx_retail")), JSON);

        assertThat(answer.status()).isEqualTo(202);
        RepairPageTest.assertRepairHeaders(answer);
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.state(broken), IncidentState.RESOLVED::equals);
        assertThat(fixture.timeline(broken)).anyMatch(event -> "state".equals(event.type())
                && event.detail().contains("-> repair_submitted"));
        assertThat(fixture.timelineTypes(broken)).contains("widget_success", "resolved");
        assertThat(fixture.get(broken.url()).body()).contains("already fixed");
    }

    @Test
    void aLinkThatBecomesValidOnlyLaterIsResolvedByTheBackOffReRead() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");

        fixture.post(events(broken), "{\"type\":\"success\",\"link\":\"" + broken.linkId() + "\"}", JSON);

        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.timelineTypes(broken).contains("repair_pending"));
        assertThat(fixture.state(broken)).isEqualTo(IncidentState.REPAIR_SUBMITTED);
        fixture.emulatorSays(broken.linkId(), "valid");
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.state(broken), IncidentState.RESOLVED::equals);
        assertThat(fixture.timeline(broken)).anyMatch(event -> IncidentState.RESOLVED.equals(event.type())
                && event.detail().contains("after the user's repair"));
    }

    @Test
    void exitAndErrorEventsGoOnTheTimelineWithBelvosCode() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("heimdall_mx_retail", "token_required");

        fixture.post(events(broken), "{\"type\":\"event\",\"data\":{\"eventName\":\"ERROR\",\"request_id\":\"r1\","
                + "\"meta_data\":{\"error_code\":\"login_error\",\"error_message\":\"Invalid credentials\"}}}", JSON);
        fixture.post(events(broken), "{\"type\":\"event\",\"data\":{\"eventName\":\"PAGE_LOAD\"}}", JSON);
        RepairFixture.Answer exit = fixture.post(events(broken), "{\"type\":\"exit\",\"data\":{"
                + "\"last_encountered_error\":{\"code\":\"login_error\",\"message\":\"Invalid credentials\"},"
                + "\"meta_data\":{\"institution_name\":\"heimdall_mx_retail\",\"step\":\"abandon-survey\"}}}", JSON);

        assertThat(exit.status()).isEqualTo(202);
        assertThat(fixture.timeline(broken)).anyMatch(event -> "widget_error".equals(event.type())
                && event.detail().startsWith("login_error"));
        assertThat(fixture.timeline(broken)).anyMatch(event -> "exited".equals(event.type())
                && event.detail().contains("last error login_error") && event.detail().contains("abandon-survey"));
        assertThat(fixture.timelineTypes(broken)).doesNotContain("widget_warning");
        assertThat(fixture.state(broken)).isNotEqualTo(IncidentState.REPAIR_SUBMITTED);
    }

    @Test
    void aWidgetErrorWithU0000IsKeptOnTheTimelineWithTheCharacterReplaced() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");

        RepairFixture.Answer answer = fixture.post(events(broken), "{\"type\":\"event\",\"data\":{\"eventName\":\"ERROR\","
                + "\"meta_data\":{\"error_code\":\"login_error\",\"error_message\":\"bad\\u0000password\"}}}", JSON);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(fixture.timeline(broken)).anySatisfy(event -> assertThat(event.detail())
                .isEqualTo("login_error: bad\uFFFDpassword"));
    }

    @Test
    void onlyJsonIsAccepted() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");

        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "*/*",
                "application/problem+json"}) {
            RepairFixture.Answer answer = fixture.post(events(broken), "{\"type\":\"exit\"}", type);
            assertThat(answer.status()).as(type).isEqualTo(415);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(answer.json().get("detail").asText()).contains("application/json");
        }
        assertThat(fixture.timelineTypes(broken)).doesNotContain("exited");
    }

    @Test
    void aBodyOver16KiBIsRefusedWith413() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        String big = "{\"type\":\"exit\",\"data\":{\"pad\":\"" + "x".repeat(16 * 1024) + "\"}}";

        RepairFixture.Answer answer = fixture.post(events(broken), big, JSON);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(fixture.timelineTypes(broken)).doesNotContain("exited");
    }

    @Test
    void morePerMinuteThanTheLimitGet429WithRetryAfter() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        RepairFixture.Broken other = fixture.brokenLink("erebor_mx_retail", "invalid");
        String pageLoad = "{\"type\":\"event\",\"data\":{\"eventName\":\"PAGE_LOAD\"}}";

        for (int i = 0; i < 30; i++) {
            assertThat(fixture.post(events(broken), pageLoad, JSON).status()).isEqualTo(202);
        }
        RepairFixture.Answer limited = fixture.post(events(broken), pageLoad, JSON);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(fixture.post(events(other), pageLoad, JSON).status()).isEqualTo(202);
    }

    @Test
    void anEventTheParserRefusesIs400NamingWhy() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");

        for (UnreadableBodies.Case unreadable : UnreadableBodies.from("{\"type\":\"exit\",\"data\":{}}")) {
            if (unreadable.body().length > 16 * 1024) {
                continue; // 413 first: the limit on a widget event's size
            }
            RepairFixture.Answer answer = fixture.post(events(broken), unreadable.body(), JSON);
            assertThat(answer.status()).as(unreadable.name()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(answer.json().get("detail").asText()).contains(unreadable.reason());
        }
        assertThat(fixture.timelineTypes(broken)).doesNotContain("exited");
    }

    @Test
    void badTokensAndBadEventsGetProblemJson() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        String expired = repairTokens.issue(broken.incident().id(), Instant.now().minusSeconds(1));

        assertThat(fixture.post("/repair/forged.token/events", "{\"type\":\"exit\"}", JSON).status()).isEqualTo(404);
        assertThat(fixture.post("/repair/" + expired + "/events", "{\"type\":\"exit\"}", JSON).status())
                .isEqualTo(410);
        RepairFixture.Answer notJson = fixture.post(events(broken), "{oops", JSON);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(fixture.post(events(broken), "{\"type\":\"launch\"}", JSON).status()).isEqualTo(400);
        assertThat(fixture.post(events(broken), "[]", JSON).status()).isEqualTo(400);
    }
}
