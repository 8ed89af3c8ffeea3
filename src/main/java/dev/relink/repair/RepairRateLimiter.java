package dev.relink.repair;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * A per-token, per-minute budget for widget callbacks (fixed one-minute windows, per replica). Keys
 * are tokens whose signature was checked first, so a stranger cannot grow the map with made-up ones.
 */
@Component
class RepairRateLimiter {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(long start, int used) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int perMinute;

    RepairRateLimiter(Clock clock, RepairPageProperties properties) {
        this.clock = clock;
        this.perMinute = properties.eventsPerMinute();
    }

    /** True when {@code key} may make one more call now; counts the call. */
    boolean tryAcquire(String key) {
        long now = clock.millis();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(window -> now - window.start() >= WINDOW_MILLIS);
        }
        Window window = windows.compute(key, (k, current) -> current == null || now - current.start() >= WINDOW_MILLIS
                ? new Window(now, 1)
                : new Window(current.start(), current.used() + 1));
        return window.used() <= perMinute;
    }

    /** Seconds until {@code key}'s current window ends (for {@code Retry-After}). */
    long secondsUntilReset(String key) {
        Window window = windows.get(key);
        long left = window == null ? 0 : WINDOW_MILLIS - (clock.millis() - window.start());
        return Math.max(1, (left + 999) / 1000);
    }
}
