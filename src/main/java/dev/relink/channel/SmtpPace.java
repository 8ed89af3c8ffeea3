package dev.relink.channel;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How many sends may be at the SMTP server at once, and when the next may start. A busy answer (4xx:
 * 421 closing, 450/451 try later, 452, 454 throttled) halves the sends allowed at once and pauses all of
 * them, the pause doubling from {@link #FIRST_PAUSE} up to {@link #LONGEST_PAUSE} while answers stay
 * busy; after each run of successes as long as the sends allowed, one more is allowed again. The
 * answers to sends already under way when the pace slowed down are the same episode and do not slow it
 * again (16 connections answered 421 together halve the sends once, not sixteen times). Real time
 * (nanoTime), not the app's clock: this is about the server's patience, which a test clock does not move.
 */
final class SmtpPace {

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);

    private final int most;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int allowed;
    private int sending;
    private int succeededInARow;
    private long episode;
    private Duration pause = FIRST_PAUSE;
    private long resumeAt;

    SmtpPace(int most, LongSupplier nanoTime) {
        this.most = most;
        this.allowed = most;
        this.nanoTime = nanoTime;
        this.resumeAt = nanoTime.getAsLong();
    }

    /** A send that started: which episode of the pace it belongs to. */
    record Ticket(long episode) {
    }

    /** Waits until a send may start (the pause over, fewer than {@link #allowed()} under way). */
    Ticket start() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            for (long wait = waitNanos(); wait != 0; wait = waitNanos()) {
                if (wait > 0) {
                    changed.awaitNanos(wait);
                } else {
                    changed.await();
                }
            }
            sending++;
            return new Ticket(episode);
        } finally {
            lock.unlock();
        }
    }

    /** 0 when a send may start now; the nanoseconds of pause left; -1 when all allowed are under way. */
    private long waitNanos() {
        long left = resumeAt - nanoTime.getAsLong();
        if (left > 0) {
            return left;
        }
        return sending < allowed ? 0 : -1;
    }

    void succeeded(Ticket ticket) {
        finish(() -> {
            pause = FIRST_PAUSE;
            if (++succeededInARow >= allowed && allowed < most) {
                allowed++;
                succeededInARow = 0;
            }
        });
    }

    /** The server answered busy: the pause before any next send, or zero when this send was already counted. */
    Duration busy(Ticket ticket) {
        Duration[] waited = {Duration.ZERO};
        finish(() -> {
            if (ticket.episode() != episode) {
                return;
            }
            episode++;
            allowed = Math.max(1, allowed / 2);
            succeededInARow = 0;
            resumeAt = nanoTime.getAsLong() + pause.toNanos();
            waited[0] = pause;
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        });
        return waited[0];
    }

    /** The send ended in some other way: it neither slows nor speeds the pace. */
    void ended(Ticket ticket) {
        finish(() -> {
        });
    }

    private void finish(Runnable change) {
        lock.lock();
        try {
            sending--;
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int allowed() {
        lock.lock();
        try {
            return allowed;
        } finally {
            lock.unlock();
        }
    }

    /** How long until sends may start again (zero when they may now). */
    Duration pausedFor() {
        lock.lock();
        try {
            return Duration.ofNanos(Math.max(0, resumeAt - nanoTime.getAsLong()));
        } finally {
            lock.unlock();
        }
    }

    static SmtpPace realTime(int most) {
        return new SmtpPace(most, System::nanoTime);
    }
}
