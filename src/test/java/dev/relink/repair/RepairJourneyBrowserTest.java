package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.incident.IncidentState;
import dev.relink.support.Chromium;
import dev.relink.support.BrowserTest;

/**
 * The local journey in a real headless Chromium ({@link Chromium}): the repair page loads the
 * stand-in widget under the page's real Content-Security-Policy, the user types what the bank asks,
 * the emulator's link turns valid and the incident is resolved. Under {@code CI=true} a missing
 * browser fails the test; elsewhere it is skipped with a message.
 */
class RepairJourneyBrowserTest extends BrowserTest {

    private static final Duration WAIT = Chromium.WAIT;
    private static final Pattern REPAIR_URL = Pattern.compile("https?://\\S+/repair/[A-Za-z0-9_.-]+");

    @Autowired
    RepairFixture fixture;

    @Test
    void fromTheEmailInTheOutboxAHeimdallUserTypesTheMfaCodeAndTheIncidentIsResolved() throws Exception {
        String externalId = "journey-" + UUID.randomUUID();
        String email = externalId + "@example.com";
        String linkId = fixture.emulatedLink("heimdall_mx_retail", "valid", externalId);
        fixture.contact(externalId, Map.of("email", email, "locale", "en"), API_KEY);
        // Belvo tells Relink the link needs a new MFA token (the emulator also turns the link token_required).
        fixture.post("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", "token_required",
                "link_id", linkId));

        String url = repairUrlMailedTo(email);
        RepairFixture.Broken broken = fixture.openedFor(linkId, externalId, url);
        chromium.forgetConsole(); // the outbox page is not under test here
        browser.get(url);
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).as("opening the page mints nothing").isZero();
        waitFor(By.id("start-button")).click();
        WebElement code = waitFor(By.id("belvo-standin-input"));
        assertThat(browser.findElement(By.cssSelector("label[for=belvo-standin-input]")).getText())
                .contains("111111");
        code.sendKeys("999999");
        browser.findElement(By.id("belvo-standin-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("belvo-standin-error"),
                "That did not work, try again."));
        waitFor(By.id("belvo-standin-input")).sendKeys("111111");
        browser.findElement(By.id("belvo-standin-submit")).click();

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"),
                "Done!"));
        await().atMost(WAIT).until(() -> fixture.state(broken), IncidentState.RESOLVED::equals);
        assertThat(belvoStatusOf(broken.linkId())).isEqualTo("valid");
        assertThat(fixture.timelineTypes(broken)).contains("page_opened", "repair_started", "widget_error", "widget_success",
                "resolved");
        assertThat(fixture.timeline(broken)).anyMatch(event -> "widget_error".equals(event.type())
                && event.detail().startsWith("token_required"));
        assertNoConsoleErrors();

        browser.get(url);
        assertThat(waitFor(By.id("title")).getText()).isEqualTo("Your bank connection is already fixed");
    }

    @Test
    void aUserWhoCancelsIsOnTheTimelineAndCanComeBackWithANewPassword() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");

        browser.get(broken.url());
        waitFor(By.id("start-button")).click();
        assertThat(waitFor(By.id("belvo-standin-input")).getAttribute("type")).isEqualTo("password");
        browser.findElement(By.id("belvo-standin-cancel")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"),
                "You closed the window"));
        await().atMost(WAIT).until(() -> fixture.timelineTypes(broken).contains("exited"));
        assertThat(fixture.state(broken)).isNotEqualTo(IncidentState.RESOLVED);

        browser.get(broken.url());
        waitFor(By.id("start-button")).click();
        waitFor(By.id("belvo-standin-input")).sendKeys("a-new-bank-password");
        browser.findElement(By.id("belvo-standin-submit")).click();

        await().atMost(WAIT).until(() -> fixture.state(broken), IncidentState.RESOLVED::equals);
        assertThat(belvoStatusOf(broken.linkId())).isEqualTo("valid");
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isEqualTo(2);
        assertNoConsoleErrors();
    }

    /** Opens the outbox like a person would, until the prompt to {@code email} is there, and reads its link. */
    private String repairUrlMailedTo(String email) {
        browser.get(fixture.url("/sandbox/outbox"));
        WebElement mail = new WebDriverWait(browser, WAIT).until(driver -> {
            List<WebElement> mails = driver.findElements(By.xpath("//article[@class='email'][.//dd[@class='to']"
                    + "[contains(., '" + email + "')]]"));
            if (mails.isEmpty()) {
                driver.navigate().refresh();
                return null;
            }
            return mails.get(0);
        });
        Matcher link = REPAIR_URL.matcher(mail.findElement(By.cssSelector("pre.text")).getText());
        assertThat(link.find()).as("the prompt's text part carries the repair link").isTrue();
        return link.group();
    }

    private WebElement waitFor(By locator) {
        return chromium.waitFor(locator);
    }

    /** What the emulated Belvo API says, asked the way Relink asks it (Basic auth with the demo keys). */
    private String belvoStatusOf(String linkId) throws Exception {
        String basic = Base64.getEncoder().encodeToString((BELVO_ID + ":" + BELVO_PASSWORD).getBytes());
        return fixture.get("/sandbox/api/links/" + linkId + "/", "Authorization", "Basic " + basic).json()
                .get("status").asText();
    }

    /** A CSP violation or a script error would show here: the page must run under its own policy. */
    private void assertNoConsoleErrors() {
        List<LogEntry> severe = chromium.severeConsoleLines().stream()
                // The wrong MFA code is answered 428 by the emulator, which Chromium logs as a failed fetch.
                .filter(entry -> !entry.getMessage().contains("/sandbox/widget/session - Failed to load resource"))
                .toList();
        assertThat(severe).as("browser console errors").isEmpty();
    }
}
