package dev.relink.institution;

import java.time.Clock;
import java.time.Instant;

/**
 * The sliding window of now, on the app's clock: new broken links are counted in
 * [{@code start}, {@code end}), the institution's baseline in [{@code baselineStart}, {@code start}).
 */
record SignalWindow(Instant baselineStart, Instant start, Instant end) {

    static SignalWindow endingNow(Clock clock, HoldSettings settings) {
        Instant now = clock.instant();
        Instant start = now.minus(settings.window());
        return new SignalWindow(start.minus(settings.baselinePeriod()), start, now);
    }
}
