package dev.relink.institution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.BrowserTest;
import dev.relink.support.Chromium;
import dev.relink.support.OpsSession;

/**
 * An ops engineer in a real Chromium on a night two banks are down: the overview shows both holds first
 * thing (institution, since when, links and reasons, Belvo's status); one is released (its users are
 * prompted), the other closed as bank-side (nobody is).
 */
class InstitutionHoldBrowserTest extends BrowserTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    HoldFixture hold;

    @AfterEach
    void banksBackAndHoldsClosed() throws Exception {
        hold.banksBackAndHoldsClosed();
    }

    @Test
    void theOverviewShowsTheHoldsFirstAndBothActionsWork() throws Exception {
        hold = new HoldFixture(port, jdbc, camel);
        String toRelease = hold.freshBank();
        String toClose = hold.freshBank();
        hold.bankIs(toRelease, "down");
        hold.bankIs(toClose, "down");
        hold.readHealth();
        List<String> released = held(toRelease);
        List<String> closed = held(toClose);

        signIn();
        WebElement holds = chromium.waitFor(By.id("institution-holds"));
        assertThat(browser.findElement(By.cssSelector("main section")).getAttribute("id"))
                .as("the first thing on the overview").isEqualTo("holds");
        WebElement releasing = row(toRelease);
        assertThat(releasing.getText()).contains(toRelease, "2 invalid_credentials", "Belvo reports it down", "UTC");
        assertThat(holds.getText()).contains(toClose);
        chromium.screenshot("ops-institution-holds");

        chromium.submit(releasing.findElement(By.cssSelector("button.release")));
        assertThat(chromium.waitFor(By.id("flash")).getText()).isEqualTo("The hold of " + toRelease
                + " was released: its 2 held link(s) are prompted now, at the channels' pace.");
        assertThat(browser.findElements(By.cssSelector("tr[data-institution='" + toRelease + "']"))).isEmpty();
        assertThat(hold.count(released, "prompting", "no_contact")).isEqualTo(2);

        chromium.submit(row(toClose).findElement(By.cssSelector("button.close-bank-side")));
        assertThat(chromium.waitFor(By.id("flash")).getText()).isEqualTo("The hold of " + toClose
                + " was closed as bank-side: its 2 held incident(s) closed, nobody was prompted.");
        assertThat(browser.findElements(By.cssSelector("tr[data-institution='" + toClose + "']"))).isEmpty();
        assertThat(hold.holdOf(toRelease)).isNull();
        assertThat(hold.holdOf(toClose)).isNull();
        assertThat(hold.count(closed, "bank_side")).isEqualTo(2);
        assertThat(hold.deliveries(closed)).isZero();
        assertThat(chromium.severeConsoleLines()).isEmpty();
    }

    /** Two of the bank's links break while it is down: both wait as held. */
    private List<String> held(String bank) throws Exception {
        List<String> incidents = new ArrayList<>();
        for (String link : hold.seed(bank, "invalid", 2, "browser-" + UUID.randomUUID())) {
            incidents.add(hold.report(link));
        }
        await().atMost(Chromium.WAIT).until(() -> hold.count(incidents, "held") == 2);
        return incidents;
    }

    private WebElement row(String institution) {
        return chromium.waitFor(By.cssSelector("tr[data-institution='" + institution + "']"));
    }

    private void signIn() {
        browser.manage().deleteAllCookies();
        browser.get(hold.http.base() + "/ops");
        chromium.waitFor(By.id("username")).sendKeys(OpsSession.USER);
        browser.findElement(By.id("password")).sendKeys(OpsSession.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        chromium.waitFor(By.id("open-total"));
    }
}
