package dev.relink.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.Chromium;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * An ops engineer in a real Chromium ({@link Chromium}): signs in to {@code /ops}, finds why a user
 * was not reached on the incident's timeline (Twilio was down, the SMS became a dead letter), replays
 * the dead letter from the console, sees it confirmed, and sees the SMS delivered on the incident.
 * The same pages on a phone-wide window never scroll sideways.
 */
class OpsConsoleBrowserTest extends RelinkOnTestClock {

    static final String MESSAGES = TWILIO_MESSAGES;
    static final String PHONE = "+5215533330001";
    static final String OTHER_PHONE = "+5215533330002";

    // the Chromium of BrowserTest, on this base
    static Chromium chromium;
    static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.shared();
        browser = chromium.driver();
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    RelinkHttp relink;

    @BeforeEach
    void desktop() {
        relink = new RelinkHttp(port);
        chromium.width(1280);
        chromium.forgetConsole();
    }

    @Test
    void anEngineerFindsWhyAUserWasNotReachedReplaysTheDeadLetterAndSeesTheSmsDelivered() throws Exception {
        // Twilio is down for two people: each SMS ends as a dead letter
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503).withBody("{\"message\": \"down\"}")));
        String user = "ops-browser-" + UUID.randomUUID();
        relink.putContact(user, Map.of("phone", PHONE, "channel", "sms", "locale", "es"));
        relink.breakLink(user, "heimdall_mx_retail", "token_required");
        relink.putContact(user + "-other", Map.of("phone", OTHER_PHONE, "channel", "sms"));
        relink.breakLink(user + "-other", "erebor_mx_retail", "invalid_credentials");
        long letter = await().atMost(Chromium.WAIT).until(() -> deadLetterFor(PHONE), id -> id > 0);
        long otherLetter = await().atMost(Chromium.WAIT).until(() -> deadLetterFor(OTHER_PHONE), id -> id > 0);

        signIn();
        assertThat(chromium.waitFor(By.id("open-total")).getText()).isNotEqualTo("0");
        assertThat(browser.findElement(By.id("dead-letters-by-route")).getText()).contains("prompt.send-sms");
        assertThat(browser.findElement(By.id("funnel-chart")).findElements(By.cssSelector("rect.prompted")))
                .hasSize(OpsOverview.FUNNEL_DAYS);

        browser.get(url("/ops/incidents?external_id=" + user));
        chromium.waitFor(By.cssSelector("#incidents tbody a")).click();
        String timeline = chromium.waitFor(By.id("timeline")).getText();
        assertThat(timeline).contains("opened", "prompt_failed", "statusCode: 503");
        assertThat(browser.findElement(By.id("deliveries")).getText()).contains("sms", "+52*******0001", "failed");
        String incidentPage = browser.getCurrentUrl();

        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B5215533330001"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"" + sid + "\", \"status\": \"queued\"}")));
        browser.get(url("/ops/dead-letters?route=prompt.send-sms"));
        chromium.submit(chromium.waitFor(By.cssSelector("#letter-" + letter + " button.replay")));
        assertThat(chromium.waitFor(By.id("flash")).getText())
                .isEqualTo("Dead letter " + letter + " was replayed into prompt.send-sms.");
        assertThat(browser.findElement(By.id("letter-" + letter)).getText()).contains("replayed");
        assertThat(browser.findElement(By.id("letter-" + otherLetter)).getText()).contains("pending");
        chromium.screenshot("ops-dead-letters");

        // Twilio still refuses the other number: replaying the whole route says so, deleting it clears it
        chromium.submit(browser.findElement(By.xpath("//table[@id='by-route']//tr[td[1][normalize-space()='prompt.send-sms']]"
                + "//button[contains(@class, 'replay-route')]")));
        assertThat(chromium.waitFor(By.id("flash")).getText()).isEqualTo("Replayed the pending dead letters of "
                + "prompt.send-sms: 1 replayed, 0 failed again, 0 refused.");
        // the send route is fed by a queue: the SMS fails there, and the letter is back, pending, with the error
        await().atMost(Chromium.WAIT).until(() -> {
            browser.get(url("/ops/dead-letters?route=prompt.send-sms"));
            return chromium.waitFor(By.id("letter-" + otherLetter)).getText();
        }, row -> row.contains("pending") && row.contains("failed again") && row.contains("503"));
        chromium.submit(browser.findElement(By.xpath("//table[@id='by-route']//tr[td[1][normalize-space()='prompt.send-sms']]"
                + "//button[contains(@class, 'delete-route')]")));
        assertThat(chromium.waitFor(By.id("flash")).getText()).isEqualTo("Deleted 1 pending dead letter of prompt.send-sms.");
        assertThat(browser.findElements(By.id("letter-" + otherLetter))).isEmpty();
        assertThat(browser.findElement(By.id("letter-" + letter)).getText()).as("a replayed letter stays, as history")
                .contains("replayed");

        browser.get(incidentPage);
        await().atMost(Chromium.WAIT).until(() -> {
            browser.navigate().refresh();
            return chromium.waitFor(By.id("deliveries")).getText().contains(sid);
        });
        assertThat(browser.findElement(By.id("deliveries")).getText()).contains("queued");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("prompted");
        chromium.screenshot("ops-incident");

        chromium.width(390);
        browser.navigate().refresh();
        assertThat(chromium.waitFor(By.id("timeline")).getText()).contains("prompted");
        assertThat(pageWidth()).as("the incident page fits a phone: %s", wideElements()).isLessThanOrEqualTo(390);
        chromium.screenshot("ops-incident-phone");
        browser.get(url("/ops"));
        assertThat(pageWidth()).as("the overview fits a phone (tables and the chart scroll in their box): %s",
                wideElements()).isLessThanOrEqualTo(390);

        chromium.width(1280);
        browser.navigate().refresh();
        List<WebElement> prompted = chromium.waitFor(By.id("funnel-chart")).findElements(By.cssSelector("rect.prompted"));
        assertThat(prompted.get(prompted.size() - 1).getAttribute("height")).as("today's prompted bar").isNotEqualTo("0");
        chromium.screenshot("ops-overview");
        assertThat(chromium.severeConsoleLines()).as("the console runs under its CSP without errors").isEmpty();
    }

    @Test
    void aWebhookShowsItsOutcomeAndThePayloadAsBelvoSentIt() throws Exception {
        String user = "ops-webhook-" + UUID.randomUUID();
        String link = relink.breakLink(user, "erebor_mx_retail", "invalid_credentials");
        signIn();
        browser.get(url("/ops/webhooks?link_id=" + link));
        chromium.waitFor(By.cssSelector("#webhooks tbody a")).click();
        await().atMost(Chromium.WAIT).until(() -> {
            browser.navigate().refresh();
            return chromium.waitFor(By.id("status")).getText().equals("done");
        });
        assertThat(browser.findElement(By.id("outcome")).getText()).startsWith("signal:");
        assertThat(browser.findElement(By.id("payload")).getText()).contains("\"webhook_code\"", "invalid_credentials",
                link);
    }

    @Test
    void aProductOwnerSeesHowManyBrokenLinksCameBackWithinAWeekAsAChartAndTheFiguresBelow() throws Exception {
        String user = "ops-report-" + UUID.randomUUID();
        relink.putContact(user, Map.of("email", user + "@example.com"));
        // a bank of its own: the report groups by institution, and other classes on this app break links at the emulator's banks
        String bank = relink.admin("/sandbox/admin/institutions", Map.of("count", "1")).get("names").get(0).asText();
        String link = relink.breakLink(user, bank, "token_required");
        String repair = await().atMost(Chromium.WAIT).ignoreExceptions().until(() -> RelinkHttp.JSON.readTree(relink.send(
                relink.api("/api/users/" + user + "/links-needing-update")).body()).path("links").get(0)
                .path("repair_url").asText(null), url -> url != null);
        await().atMost(Chromium.WAIT).until(() -> jdbc.queryForObject("select count(*) from prompt_delivery d join incident i"
                + " on i.id = d.incident_id where i.link_id = ? and d.status = 'sent'", Integer.class, link), sent -> sent == 1);
        relink.admin("/sandbox/admin/links/" + link + "/status", Map.of("status", "valid"));
        relink.send(relink.plain(repair.substring(repair.indexOf("/repair/")) + "/events")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"success\",\"link\":\"" + link + "\"}")));
        await().atMost(Chromium.WAIT).until(() -> jdbc.queryForObject("select state from incident where link_id = ?",
                String.class, link), "resolved"::equals);
        // this context's clock cannot move, so the incident is dated a week back as a whole (its time to repair stays)
        String incident = jdbc.queryForObject("select id from incident where link_id = ?", String.class, link);
        jdbc.update("update incident set opened_at = opened_at - interval '8' day, closed_at = closed_at - interval '8' day"
                + " where id = ?", incident);
        jdbc.update("update incident_event set at = at - interval '8' day where incident_id = ?", incident);
        jdbc.update("update prompt_delivery set created_at = created_at - interval '8' day,"
                + " updated_at = updated_at - interval '8' day where incident_id = ?", incident);

        signIn();
        browser.findElement(By.linkText("Report")).click();
        new org.openqa.selenium.support.ui.Select(chromium.waitFor(By.name("by"))).selectByVisibleText("institution");
        browser.findElement(By.cssSelector("form.filters button")).click();
        WebElement chart = chromium.waitFor(By.id("report-chart"));
        assertThat(chart.findElements(By.cssSelector("rect.within-7d title"))).extracting(title -> title.getAttribute("textContent"))
                .contains(bank + ": 100.0 % repaired within 7d");
        assertThat(browser.findElement(By.cssSelector("#report th")).getAttribute("textContent")).isEqualTo("institution");
        assertThat(browser.findElement(By.xpath("//table[@id='report']//tr[td[1][normalize-space()='" + bank + "']]"))
                .getText()).as("1 incident, prompted, repaired within a day").startsWith(bank + " 1 1 ")
                .contains("100.0 % 100.0 % 100.0 %");
        chromium.screenshot("ops-report");
        assertThat(chromium.severeConsoleLines()).as("the page runs under the console's CSP without errors").isEmpty();
    }

    private void signIn() {
        browser.manage().deleteAllCookies();
        browser.get(url("/ops"));
        chromium.waitFor(By.id("username")).sendKeys(OpsConsoleTest.OPS_USER);
        browser.findElement(By.id("password")).sendKeys(OpsConsoleTest.OPS_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        chromium.waitFor(By.id("open-total"));
    }

    private long deadLetterFor(String phone) throws Exception {
        JsonNode letters = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/dead-letters?route=prompt.send-sms")
                .GET()).body()).path("items");
        for (JsonNode item : letters) {
            JsonNode detail = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/dead-letters/"
                    + item.path("id").asText()).GET()).body());
            // the route's input: the Send it takes whole, its address in it
            if (phone.equals(RelinkHttp.JSON.readTree(detail.path("body").asText()).path("to").asText())) {
                return item.path("id").asLong();
            }
        }
        return 0;
    }

    /** The elements that stick out of the window on the right, to say what broke the layout. */
    private Object wideElements() {
        return ((JavascriptExecutor) browser).executeScript("return Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))"
                + ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.getBoundingClientRect().right)");
    }

    /** The page's width once its stylesheet applies (a slow machine may paint before it does). */
    private long pageWidth() {
        await("ops.css applies").atMost(Chromium.WAIT).until(() -> (Boolean) ((JavascriptExecutor) browser)
                .executeScript("return getComputedStyle(document.querySelector('header.bar')).display === 'flex'"));
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).longValue();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
