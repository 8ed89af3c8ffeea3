package dev.relink.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many wrong passwords the ops login takes for one user name from one client address: {@code maxFailures}
 * within any {@code window}; then that pair waits, the right password included, until the oldest of those
 * failures is a window old. A sign-in that succeeds clears its pair. Other addresses, and other names from the
 * same address, keep their own counts, so a guesser cannot lock the ops user out from everywhere. Counted in
 * memory by each replica, for at most {@link #MAX_PAIRS} pairs (the one that failed longest ago goes first).
 */
final class LoginThrottle {

    static final int MAX_PAIRS = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_PAIRS;
        }
    };

    LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long this pair must wait before its next sign-in is tried; zero when it may sign in now. */
    synchronized Duration waitFor(String user, String address) {
        Deque<Instant> recent = recent(key(user, address));
        if (recent == null || recent.size() < maxFailures) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), recent.peekFirst().plus(window));
    }

    synchronized void failed(String user, String address) {
        String key = key(user, address);
        Deque<Instant> recent = recent(key);
        if (recent == null) {
            recent = new ArrayDeque<>();
            failures.put(key, recent);
        }
        recent.addLast(clock.instant());
        while (recent.size() > maxFailures) {
            recent.removeFirst();
        }
    }

    synchronized void succeeded(String user, String address) {
        failures.remove(key(user, address));
    }

    /** The pair's failures still inside the window (null when none). */
    private Deque<Instant> recent(String key) {
        Deque<Instant> recent = failures.get(key);
        if (recent == null) {
            return null;
        }
        Instant since = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(since)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(key);
            return null;
        }
        return recent;
    }

    /** User names are matched as the login matches them: without regard to case. */
    private static String key(String user, String address) {
        return (user == null ? "" : user.toLowerCase(Locale.ROOT)) + '\n' + address;
    }
}
