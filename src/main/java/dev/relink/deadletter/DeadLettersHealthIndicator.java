package dev.relink.deadletter;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code deadLetters}: DEGRADED (HTTP 200, see management.endpoint.health.status)
 * from {@code relink.dead-letters.degraded-threshold} pending dead letters on, with the count per
 * route. Not part of the readiness group: pending dead letters need a person, not less traffic.
 */
@Component
class DeadLettersHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Dead letters are waiting for a replay or a delete");

    private final DeadLetters deadLetters;
    private final DeadLetterMetrics metrics;
    private final int threshold;

    DeadLettersHealthIndicator(DeadLetters deadLetters, DeadLetterMetrics metrics,
            @Value("${relink.dead-letters.degraded-threshold:1}") int threshold) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.threshold = threshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Long> byRoute = deadLetters.pendingByRoute();
        metrics.update(byRoute);
        long pending = byRoute.values().stream().mapToLong(Long::longValue).sum();
        builder.status(pending >= threshold ? DEGRADED : Status.UP)
                .withDetail("pending", pending)
                .withDetail("pendingByRoute", byRoute)
                .withDetail("degradedThreshold", threshold);
    }
}
