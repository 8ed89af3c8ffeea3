package dev.relink.detect;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The link listing poll and its Quartz scheduler.
 *
 * @param jobStore {@code auto} (clustered JDBC store on PostgreSQL, in-memory otherwise), {@code jdbc}
 *        or {@code memory}
 * @param clusterCheckin how often a replica tells the others it is alive; a replica silent for about
 *        this long has its jobs taken over
 * @param misfireThreshold a run later than this is skipped rather than run late
 * @param quartz further {@code org.quartz.*} settings, applied last
 */
@ConfigurationProperties("relink.poll")
public record PollProperties(
        @DefaultValue("0 0/15 * * * ?") String cron,
        @DefaultValue("auto") String jobStore,
        @DefaultValue("10s") Duration clusterCheckin,
        @DefaultValue("10s") Duration misfireThreshold,
        @DefaultValue Map<String, String> quartz) {
}
