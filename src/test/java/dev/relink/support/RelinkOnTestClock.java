package dev.relink.support;

import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.relink.prompt.MutableClock;

/**
 * The local app of {@link RelinkIntegrationTest} on a clock the test moves ({@link MutableClock}: from
 * 2026-11-25 18:00 UTC, still unless moved), for what happens hours or days later. After moving the clock a
 * test fires the ladder's tick itself ({@link #ladderTick}) instead of waiting for its timer. The classes on
 * this base share one app and so one clock: each sets it forward from where it is ({@code clock.instant()}),
 * never back. The ladder claims its due incidents three at a time, not production's 50, so that a tick works
 * through several batches (prompt.LadderBatchTest). After a repair the link is read again at once, and its
 * back-off re-reads (in real time, not on this clock) begin ten minutes later, so that what a test does next
 * decides the outcome (repair.RepairConfirmedByWebhookTest: the webhook, not a re-read, resolves it).
 */
@Import(MutableClock.InTheApp.class)
@TestPropertySource(properties = {"relink.prompt.batch-size=3", "relink.repair.confirm.first-delay=600000"})
public abstract class RelinkOnTestClock extends RelinkIntegrationTest {

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected ProducerTemplate producer;

    /** One tick of the ladder now: the steps due at the clock's time are claimed and sent. */
    protected void ladderTick() {
        Timers.ladderTick(producer);
    }
}
