package dev.relink.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * A real headless Chromium for browser tests (Debian's {@code chromium} + {@code chromium-driver},
 * driver path set explicitly so Selenium Manager never downloads anything). Under {@code CI=true} a
 * missing browser fails the test; elsewhere it is skipped with a message. With the system property
 * {@code relink.screenshots} (a directory, e.g. {@code docs/screenshots}, set by
 * {@code docs/screenshots.sh}) the tests also save what they show as PNGs for the README.
 */
public final class Chromium implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final WebDriver browser;
    private final Path profile;

    private Chromium(ChromeDriverService service, WebDriver browser, Path profile) {
        this.service = service;
        this.browser = browser;
        this.profile = profile;
    }

    private static Chromium shared;

    /**
     * The one Chromium of this JVM, started by the first browser test and quit when the JVM ends; each test
     * class starts on a blank page with no cookies or storage left by the one before. Skips the test class
     * (fails it under CI) when Chromium is not installed.
     */
    public static synchronized Chromium shared() throws IOException {
        if (shared == null) {
            Chromium started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chromium-stop"));
            shared = started;
        }
        shared.forgetEarlierClasses();
        return shared;
    }

    private static Chromium start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(installed, "Skipping the browser test: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing. Install them with 'apt-get install -y chromium chromium-driver' (CI must).");
        }
        assertThat(installed).as("CI must have " + CHROMIUM + " and " + CHROMEDRIVER + " (.ci/run installs them)")
                .isTrue();
        Path profile = TempDirectories.create("relink-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new Chromium(service, new ChromeDriver(service, options), profile);
    }

    /** Cookies (the ops console's session, on localhost whatever the port), the page and window size start afresh. */
    private void forgetEarlierClasses() {
        browser.get("about:blank");
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        width(1280);
        forgetConsole();
    }

    public WebDriver driver() {
        return browser;
    }

    public WebElement waitFor(By locator) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /**
     * Clicks a button that submits a form and waits until the browser has left the page it was on, so that what
     * the test reads next is from the answer and not from the page before (which may show the same ids).
     */
    public void submit(WebElement button) {
        WebElement page = browser.findElement(By.tagName("html"));
        button.click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(page));
    }

    /** Browser console lines of SEVERE level since the last call (a CSP violation or a script error shows here). */
    public List<LogEntry> severeConsoleLines() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Forgets the console lines so far. */
    public void forgetConsole() {
        browser.manage().logs().get(LogType.BROWSER);
    }

    /** The window as a desktop (1280 px) or a phone (390 px) would show the page. */
    public void width(int pixels) {
        browser.manage().window().setSize(new Dimension(pixels, pixels < 600 ? 844 : 900));
    }

    /**
     * Saves the whole page as {@code <relink.screenshots>/<name>.png} when that property is set; does
     * nothing otherwise, so the tests run the same with and without it.
     */
    public void screenshot(String name) {
        String dir = System.getProperty("relink.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Dimension window = browser.manage().window().getSize();
        long height = ((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 120, 4000)));
        try {
            Path target = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        if (this == shared) {
            shared = null;
        }
        browser.quit();
        service.stop();
        FileSystemUtils.deleteRecursively(profile.toFile());
    }
}
