package dev.relink.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.ProducerTemplate;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The app's timers, fired by a test instead of waited for: the test runs a tick once it has set up what the
 * tick should find, so nothing waits for a period to come round and no context needs a faster timer of its own.
 */
public final class Timers {

    private Timers() {
    }

    /** One tick of the ladder, as its timer (route {@code prompt.due}) runs it: due steps are claimed and sent now. */
    public static void ladderTick(ProducerTemplate producer) {
        producer.sendBody("direct:prompt.drain", null);
    }

    /** One round of the consent watch (route {@code consent.watch}): each consent a user may be renewing is read back now. */
    public static void consentWatch(ProducerTemplate producer) {
        producer.sendBody("direct:consent.read-back-watched", null);
    }

    /** Belvo's link listing poll (Quartz job {@code detect/poll-links}; its cron is off in the tests), run now. */
    public static void poll(Scheduler quartz) throws SchedulerException {
        // quartz:detect/poll-links (the retention purge is another job of the same scheduler)
        JobKey poll = JobKey.jobKey("poll-links", "detect");
        assertThat(quartz.getJobKeys(GroupMatcher.anyGroup())).contains(poll);
        quartz.triggerJob(poll);
    }
}
