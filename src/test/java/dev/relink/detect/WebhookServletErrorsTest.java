package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Camel's servlet answers with a bare sendError; what a sender then sees. (The running cases are also
 * tested over HTTP in WebhookIntakeTest; Camel not running yet is the few seconds of a start.)
 */
class WebhookServletErrorsTest {

    @Test
    void noListenerWhileCamelIsNotRunningIs503WithRetryAfter() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new WebhookServletErrors(response, "/webhooks/belvo", () -> false).sendError(404);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("deliver it again later");
    }

    @Test
    void noListenerWhileCamelRunsIs404AndAnyOtherErrorKeepsItsStatus() throws Exception {
        MockHttpServletResponse missing = new MockHttpServletResponse();
        new WebhookServletErrors(missing, "/webhooks/x", () -> true).sendError(404);
        MockHttpServletResponse broken = new MockHttpServletResponse();
        new WebhookServletErrors(broken, "/webhooks/belvo", () -> true).sendError(500, "boom");

        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentAsString()).contains("Nothing receives webhooks at /webhooks/x");
        assertThat(broken.getStatus()).isEqualTo(500);
        assertThat(broken.getContentType()).startsWith("application/problem+json");
        assertThat(broken.getContentAsString()).doesNotContain("boom");
    }
}
