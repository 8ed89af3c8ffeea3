package dev.relink.support;

import java.io.IOException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

/** A test that boots the whole app and drives it with a real Chromium, the one all browser tests share ({@link Chromium#shared}). */
public abstract class BrowserTest extends RelinkIntegrationTest {

    protected static Chromium chromium;
    protected static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.shared();
        browser = chromium.driver();
    }

    /** Console lines of an earlier test or page are not this test's business. */
    @BeforeEach
    void forgetEarlierConsoleLines() {
        chromium.forgetConsole();
    }
}
