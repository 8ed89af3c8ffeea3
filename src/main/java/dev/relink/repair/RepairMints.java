package dev.relink.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The per-incident budget of Belvo tokens the repair page may mint: {@code relink.repair.max-token-mints}
 * per {@code relink.repair.token-mint-window}, counted in the incident's row in one conditional update, so
 * every replica shares the count (unlike {@link RepairRateLimiter}, a per-replica, per-minute guard of the
 * widget's callbacks, which cost no Belvo call).
 */
@Component
class RepairMints {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int max;
    private final Duration window;

    RepairMints(JdbcTemplate jdbc, Clock clock, RepairPageProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.max = properties.maxTokenMints();
        this.window = properties.tokenMintWindow();
    }

    /** True when one more token may be minted for the incident now; counts it. A window past its end starts anew. */
    boolean tryMint(String incidentId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime windowEnded = now.minus(window);
        String newWindow = "(token_mints_since is null or token_mints_since <= ?)";
        return jdbc.update("update incident set"
                + " token_mints = case when " + newWindow + " then 1 else token_mints + 1 end,"
                + " token_mints_since = case when " + newWindow + " then ? else token_mints_since end"
                + " where id = ? and (" + newWindow + " or token_mints < ?)",
                windowEnded, windowEnded, now, incidentId, windowEnded, max) == 1;
    }

    /** Seconds until the incident's window ends (for {@code Retry-After}), at least 1. */
    long secondsUntilReset(String incidentId) {
        List<OffsetDateTime> since = jdbc.queryForList("select token_mints_since from incident where id = ?",
                OffsetDateTime.class, incidentId);
        if (since.isEmpty() || since.get(0) == null) {
            return 1;
        }
        long left = Duration.between(OffsetDateTime.now(clock), since.get(0).plus(window)).toSeconds();
        return Math.max(1, left);
    }
}
