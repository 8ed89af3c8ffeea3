package dev.relink.repair;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.relink.incident.Incident;

/**
 * The repair funnel as Micrometer meters: {@code relink.repair.funnel{stage, reason, institution}}
 * counts each stage a user reaches (opened: any fetch of the page, robots included; started: a person
 * pressed its button; submitted; resolved) and
 * {@code relink.repair.time-to-repair{reason, institution}} times an incident from its opening to the
 * moment Belvo confirmed the link after a repair. Prompts are counted where they are sent.
 */
@Component
class RepairFunnel {

    static final String COUNTER = "relink.repair.funnel";
    static final String TIMER = "relink.repair.time-to-repair";

    /** Repairs take minutes (the user was waiting) to days (the third reminder): the buckets span both. */
    static final Duration[] REPAIRED_WITHIN = {Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14)};

    private final MeterRegistry meters;
    private final Clock clock;

    RepairFunnel(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    void opened(Incident incident) {
        count("opened", incident);
    }

    void started(Incident incident) {
        count("started", incident);
    }

    void submitted(Incident incident) {
        count("submitted", incident);
    }

    void resolved(Incident incident) {
        count("resolved", incident);
        Timer.builder(TIMER).description("From an incident's opening to its link confirmed valid after a repair")
                .tags("reason", incident.reason(), "institution", institution(incident))
                .serviceLevelObjectives(REPAIRED_WITHIN) // buckets for the dashboard's median
                .register(meters)
                .record(Duration.between(incident.openedAt().toInstant(), clock.instant()));
    }

    private void count(String stage, Incident incident) {
        meters.counter(COUNTER, "stage", stage, "reason", incident.reason(), "institution", institution(incident))
                .increment();
    }

    private static String institution(Incident incident) {
        return incident.institution() == null ? "unknown" : incident.institution();
    }
}
