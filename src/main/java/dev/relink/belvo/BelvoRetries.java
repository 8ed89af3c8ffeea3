package dev.relink.belvo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ExchangeHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two hooks of the {@code belvo-api} policy (routes/error-policies.yaml): Belvo's
 * {@code Retry-After} becomes the next wait, and every retry is counted by route and status
 * ({@code relink.belvo.retries}).
 */
@Configuration(proxyBeanMethods = false)
class BelvoRetries {

    /**
     * Runs as each failure is caught, before Camel picks the wait: Camel's redelivery uses the
     * {@code CamelRedeliveryDelay} header instead of its back-off when the header is present
     * (RedeliveryErrorHandler#determineRedeliveryDelay). Capped at the policy's maximum delay.
     */
    @Bean
    Processor belvoRetryAfter(@Value("${relink.retry.belvo.maximum-redelivery-delay-ms}") long maximumMillis) {
        return exchange -> {
            Long wait = waitAsked(caught(exchange), maximumMillis);
            if (wait != null) {
                exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait);
            } else {
                exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
            }
        };
    }

    /**
     * The wait before retrying {@code failure} in ms: Belvo's {@code Retry-After}, at most
     * {@code maximumMillis}; null (Camel's exponential back-off) when Belvo asked for none or the
     * failure is not retried at all.
     */
    static Long waitAsked(BelvoApiException failure, long maximumMillis) {
        if (failure == null || !failure.isRetryable() || failure.retryAfter() == null) {
            return null;
        }
        return Math.min(failure.retryAfter().toMillis(), maximumMillis);
    }

    /** Runs right before each retry. */
    @Bean
    Processor belvoRetryCounted(MeterRegistry meters) {
        return exchange -> {
            BelvoApiException failure = caught(exchange);
            Counter.builder("relink.belvo.retries")
                    .description("Belvo calls retried after a retryable failure")
                    .tag("route", String.valueOf(ExchangeHelper.getAtRouteId(exchange)))
                    .tag("status", failure == null ? "unknown" : String.valueOf(failure.status()))
                    .register(meters)
                    .increment();
        };
    }

    private static BelvoApiException caught(Exchange exchange) {
        Exception exception = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return exception instanceof BelvoApiException belvo ? belvo : null;
    }
}
