package dev.relink.deadletter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code relink.dead_letters} (counter: failures stored, by route) and
 * {@code relink.dead_letters.pending} (gauge: pending dead letters in the table, by route). The gauge
 * is refreshed from the table after every change made here and on every health check, so it also
 * sees the rows of other replicas.
 */
@Component
class DeadLetterMetrics {

    private final MeterRegistry meters;
    private final DeadLetterStore store;
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();

    DeadLetterMetrics(MeterRegistry meters, @Lazy DeadLetterStore store) {
        this.meters = meters;
        this.store = store;
    }

    void stored(String route) {
        Counter.builder("relink.dead_letters").description("Messages dead-lettered (stored or failed again on replay)")
                .tag("route", String.valueOf(route)).register(meters).increment();
        refresh();
    }

    @EventListener(ApplicationReadyEvent.class)
    void refresh() {
        update(store.pendingByRoute());
    }

    void update(Map<String, Long> counts) {
        counts.forEach((route, count) -> gauge(route).set(count));
        pending.forEach((route, gauge) -> {
            if (!counts.containsKey(route)) {
                gauge.set(0);
            }
        });
    }

    private AtomicLong gauge(String route) {
        return pending.computeIfAbsent(route, r -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("relink.dead_letters.pending", value, AtomicLong::get)
                    .description("Dead letters waiting for a replay or a delete").tag("route", r).register(meters);
            return value;
        });
    }
}
