package dev.relink.institution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides from the counts whether new broken links at one institution are a spike: at least
 * {@code min-links} in the window and at least {@code factor} times the institution's own baseline (its
 * average for a window of that length over {@code baseline-period}). An institution Relink has known
 * for less than {@code min-history} has no baseline, so nothing it does is called a spike: a first poll
 * lists every link broken for months at once, which says nothing about the bank tonight.
 */
final class SpikePolicy {

    private final HoldSettings settings;

    SpikePolicy(HoldSettings settings) {
        this.settings = settings;
    }

    Optional<Spike> judge(String reason, SignalCounts counts, SignalWindow window) {
        OptionalLong needed = linksForSpike(counts.inBaseline(), counts.firstSeen(), window);
        if (needed.isEmpty() || counts.inWindow() < needed.getAsLong()) {
            return Optional.empty();
        }
        double baseline = baselinePerWindow(counts.inBaseline(), observed(counts.firstSeen(), window));
        return Optional.of(new Spike(reason, counts.inWindow(), baseline, settings.actionFor(reason)));
    }

    /**
     * How many new links in the window make a spike, given the baseline's count: at least {@code min-links}
     * and {@code factor} times the baseline. Empty when the institution has too little history for one.
     */
    OptionalLong linksForSpike(long inBaseline, Instant firstSeen, SignalWindow window) {
        if (firstSeen == null || firstSeen.isAfter(window.start().minus(settings.minHistory()))) {
            return OptionalLong.empty();
        }
        double baseline = baselinePerWindow(inBaseline, observed(firstSeen, window));
        return OptionalLong.of(Math.max(settings.minLinks(), (long) Math.ceil(settings.factor() * baseline)));
    }

    /** The baseline's count, scaled to one window: per window of the time it was counted over. */
    double baselinePerWindow(long inBaseline, Duration observed) {
        return inBaseline * (double) settings.window().toMillis() / Math.max(1, observed.toMillis());
    }

    /** The baseline period, or less when Relink has known the institution for less time than that. */
    private static Duration observed(Instant firstSeen, SignalWindow window) {
        Instant from = firstSeen.isAfter(window.baselineStart()) ? firstSeen : window.baselineStart();
        return Duration.between(from, window.start());
    }
}
