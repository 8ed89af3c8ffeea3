package dev.relink.belvo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which Belvo failures the belvo-api policy retries, and how long it waits: Belvo's Retry-After when it
 * sent one, at most relink.retry.belvo.maximum-redelivery-delay-ms, else Camel's exponential back-off.
 */
class BelvoRetryPolicyTest {

    private static final long MAXIMUM_MS = 30_000;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static BelvoApiException failure(int status, String code, Duration retryAfter) {
        return new BelvoApiException(status, code, "message", null, retryAfter, "/api/links/");
    }

    @ParameterizedTest(name = "{0} {1} retried: {2}")
    @CsvSource(nullValues = "null", value = {
            "0, null, true", "408, null, true", "429, null, true", "500, null, true", "503, null, true",
            "403, firewall_refused, true", "400, too_many_sessions, true",
            "400, null, false", "401, null, false", "403, null, false", "404, null, false", "428, null, false",
            "499, null, false"})
    void noAnswerTimeoutsRateLimitsAndServerErrorsAreRetriedWhatTheCallerGotWrongIsNot(int status, String code,
            boolean retried) {
        assertThat(failure(status, code, null).isRetryable()).isEqualTo(retried);
    }

    @Test
    void aRetryAfterIsTheNextWait() {
        assertThat(BelvoRetries.waitAsked(failure(429, null, Duration.ofSeconds(7)), MAXIMUM_MS)).isEqualTo(7_000L);
    }

    @Test
    void aRetryAfterLongerThanTheMaximumDelayWaitsTheMaximum() {
        assertThat(BelvoRetries.waitAsked(failure(429, null, Duration.ofMillis(MAXIMUM_MS)), MAXIMUM_MS))
                .isEqualTo(MAXIMUM_MS);
        assertThat(BelvoRetries.waitAsked(failure(503, null, Duration.ofMinutes(10)), MAXIMUM_MS)).isEqualTo(MAXIMUM_MS);
    }

    @Test
    void withoutARetryAfterCamelsBackOffDecides() {
        assertThat(BelvoRetries.waitAsked(failure(503, null, null), MAXIMUM_MS)).isNull();
        assertThat(BelvoRetries.waitAsked(null, MAXIMUM_MS)).isNull();
    }

    @Test
    void aRetryAfterOnAFailureThatIsNotRetriedIsIgnored() {
        assertThat(BelvoRetries.waitAsked(failure(400, null, Duration.ofSeconds(7)), MAXIMUM_MS)).isNull();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndNeverNegative() {
        assertThat(BelvoResponses.parseRetryAfter(" 120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(BelvoResponses.parseRetryAfter("-5", NOW)).isEqualTo(Duration.ZERO);
        assertThat(BelvoResponses.parseRetryAfter("Wed, 25 Nov 2026 12:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(BelvoResponses.parseRetryAfter("Wed, 25 Nov 2026 12:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(BelvoResponses.parseRetryAfter("Wed, 25 Nov 2026 11:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(BelvoResponses.parseRetryAfter("soon", NOW)).isNull();
        assertThat(BelvoResponses.parseRetryAfter("", NOW)).isNull();
    }
}
