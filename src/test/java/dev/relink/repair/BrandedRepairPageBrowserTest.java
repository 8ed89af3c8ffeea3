package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.support.Chromium;
import dev.relink.support.RelinkOnConfigMaps;

/**
 * With {@code relink.brand.*} set (the brand of {@link RelinkOnConfigMaps}: the other bases keep the default
 * brand, whose words their classes check), the end user sees whose app is asking and which bank, in a real
 * Chromium ({@link Chromium#shared}, the one all browser tests share): the logo (from its own host, allowed by
 * the page's CSP), the app's name and colour, the bank by its name, the support and privacy links; a wrong code
 * and a link that does not work look like errors. The prompt that led there carries the same brand.
 */
class BrandedRepairPageBrowserTest extends RelinkOnConfigMaps {

    static final String BRAND_RED = "rgba(214, 51, 108, 1)"; // relink.brand.primary-color #d6336c

    static Chromium chromium;
    static WebDriver browser;

    @Autowired
    RepairFixture fixture;

    @Autowired
    GreenMail smtp;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.shared();
        browser = chromium.driver();
    }

    /** A phone's width; console lines of an earlier test or page are not this test's business. */
    @BeforeEach
    void phone() {
        chromium.forgetConsole();
        chromium.width(390);
    }

    @Test
    void theUserSeesTheAppsBrandAndTheirBankAndAWrongCodeLooksLikeAnError() throws Exception {
        String user = "brand-" + UUID.randomUUID();
        String email = user + "@example.com";
        String linkId = fixture.emulatedLink("heimdall_mx_retail", "valid", user);
        fixture.contact(user, Map.of("email", email, "locale", "es", "name", "Ana"), API_KEY);
        fixture.post("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", "token_required",
                "link_id", linkId));
        MimeMessage prompt = await().atMost(Chromium.WAIT).until(() -> mailTo(email), mail -> mail != null);
        assertThat(prompt.getSubject()).as("the prompt carries the configured brand")
                .isEqualTo("Finanzas Ya necesita que vuelvas a conectar Heimdall Bank");
        String url = fixture.get("/api/users/" + user + "/links-needing-update", "Authorization", "Bearer " + API_KEY)
                .json().path("links").get(0).path("repair_url").asText();
        browser.get(url);
        assertThat(chromium.waitFor(By.id("title")).getText()).as("the page before the button names brand and bank")
                .isEqualTo("Finanzas Ya necesita que vuelvas a conectar Heimdall Bank");
        assertThat(browser.findElement(By.id("start-button")).getText()).isEqualTo("Reconectar mi banco");
        assertThat(logoWidth()).isEqualTo(40);
        browser.findElement(By.id("start-button")).click();
        chromium.waitFor(By.id("belvo-standin-input"));
        assertThat(browser.findElement(By.id("title")).getText())
                .isEqualTo("Finanzas Ya necesita que vuelvas a conectar Heimdall Bank");
        assertThat(browser.findElement(By.id("app-name")).getText()).isEqualTo("Finanzas Ya");
        assertThat(logoWidth()).as("the logo loaded from its host under the page's CSP").isEqualTo(40);
        assertThat(browser.findElement(By.id("title")).getCssValue("color")).isEqualTo(BRAND_RED);
        assertThat(browser.findElement(By.id("support")).getAttribute("href")).isEqualTo("mailto:ayuda@finanzasya.example");
        assertThat(browser.findElement(By.id("support")).getText()).isEqualTo("ayuda@finanzasya.example");
        assertThat(browser.findElement(By.id("privacy")).getText()).isEqualTo("Aviso de privacidad");
        assertThat(chromium.severeConsoleLines()).as("no CSP violation, no script error").isEmpty();
        chromium.screenshot("repair-branded");

        browser.findElement(By.id("belvo-standin-input")).sendKeys("999999");
        browser.findElement(By.id("belvo-standin-submit")).click();
        new WebDriverWait(browser, Chromium.WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("belvo-standin-error"), "inténtalo de nuevo"));
        assertThat(browser.findElement(By.id("belvo-standin-error")).getCssValue("background-color"))
                .as("a wrong code is shown as an error").isEqualTo("rgba(254, 228, 226, 1)");
        assertThat(browser.findElement(By.id("belvo-standin-error")).getAttribute("role")).isEqualTo("alert");
        chromium.screenshot("repair-wrong-code");
    }

    @Test
    void aLinkThatDoesNotWorkIsShownAsAnErrorUnderTheBrand() {
        browser.get(fixture.url("/repair/not-a-token"));
        assertThat(chromium.waitFor(By.id("title")).getText()).isEqualTo("This link does not work");
        assertThat(browser.findElement(By.tagName("body")).getAttribute("class")).contains("repair-error");
        assertThat(browser.findElement(By.id("title")).getCssValue("color")).isEqualTo("rgba(180, 35, 24, 1)");
        assertThat(browser.findElement(By.id("text")).getAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElement(By.id("app-name")).getText()).isEqualTo("Finanzas Ya");
        assertThat(browser.findElement(By.id("support")).getText()).isEqualTo("ayuda@finanzasya.example");
        chromium.screenshot("repair-not-found");
    }

    @Test
    void aLinkThatDoesNotWorkSpeaksTheBrowsersLanguage() throws Exception {
        RepairFixture.Answer portuguese = fixture.get("/repair/not-a-token", "Accept-Language", "pt-BR,pt;q=0.9,en;q=0.5");
        assertThat(portuguese.status()).isEqualTo(404);
        assertThat(portuguese.body()).contains("<html lang=\"pt\">", "Este link não funciona", "Precisa de ajuda?");
        assertThat(fixture.get("/repair/not-a-token", "Accept-Language", "es-MX").body())
                .contains("Este enlace no funciona", "¿Necesitas ayuda?");
    }

    private MimeMessage mailTo(String email) throws Exception {
        smtp.waitForIncomingEmail(1);
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(email)) {
                return message;
            }
        }
        return null;
    }

    private long logoWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "var logo = document.getElementById('logo'); return logo.complete ? logo.naturalWidth : 0;"))
                .longValue();
    }
}
