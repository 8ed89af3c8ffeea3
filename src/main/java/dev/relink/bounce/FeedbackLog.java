package dev.relink.bounce;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import dev.relink.database.LikePatterns;
import dev.relink.web.Paging;

/**
 * Table {@code email_feedback}: every bounce, complaint or delivery notification that came in and what
 * Relink made of it ({@code applied}; {@code unmatched}: no prompt went out with its Message-ID;
 * {@code repeated}: nothing new; {@code unknown}: a shape Relink does not read, kept whole), so that none
 * is only visible in a log.
 */
@Component
public class FeedbackLog {

    static final String APPLIED = "applied";
    static final String UNMATCHED = "unmatched";
    static final String REPEATED = "repeated";
    static final String UNKNOWN = "unknown";
    static final List<String> OUTCOMES = List.of(APPLIED, UNMATCHED, REPEATED, UNKNOWN);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(long id, String provider, String kind, @JsonProperty("message_id") String messageId, String outcome,
            String detail, @JsonProperty("received_at") OffsetDateTime receivedAt, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    FeedbackLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void read(String provider, Feedback feedback, String outcome) {
        insert(provider, feedback.kind().recorded, feedback.messageId(), outcome, feedback.detail(), null);
    }

    void unknown(String provider, String payload) {
        insert(provider, null, null, UNKNOWN, "a shape Relink does not read", payload);
    }

    private void insert(String provider, String kind, String messageId, String outcome, String detail, String payload) {
        String cutId = messageId == null || messageId.length() <= 998 ? messageId : messageId.substring(0, 998);
        String cutDetail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
        jdbc.update("insert into email_feedback (provider, kind, message_id, outcome, detail, payload, received_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)", provider, kind, cutId, outcome, cutDetail, payload,
                clock.instant().atOffset(ZoneOffset.UTC));
    }

    /**
     * Erasure: deletes every notification that names one of {@code traces} (the person's addresses, the
     * Message-IDs of their prompts) in its Message-ID, detail or payload: an unknown shape is kept whole, and
     * a provider's payload carries the recipient. Answers how many.
     */
    public int forget(Collection<String> traces) {
        return traces.stream().filter(Objects::nonNull).filter(trace -> !trace.isBlank()).distinct()
                .mapToInt(trace -> jdbc.update("delete from email_feedback where message_id = ?"
                        + " or detail like ? escape '!' or payload like ? escape '!'", trace,
                        LikePatterns.containing(trace), LikePatterns.containing(trace)))
                .sum();
    }

    /** Retention: deletes up to {@code limit} notifications received before {@code cutoff}; answers how many. */
    public int purgeReceivedBefore(OffsetDateTime cutoff, int limit) {
        return jdbc.update("delete from email_feedback where id in (select id from email_feedback where received_at < ?"
                + " order by id limit ?)", cutoff, limit);
    }

    /** Newest first; {@code outcome} null for all. */
    List<Entry> page(String outcome, Paging paging) {
        List<Object> args = new ArrayList<>();
        String where = where(outcome, args);
        args.add(paging.size());
        args.add(paging.offset());
        return jdbc.query("select id, provider, kind, message_id, outcome, detail, received_at from email_feedback"
                + where + " order by id desc limit ? offset ?", row(false), args.toArray());
    }

    long count(String outcome) {
        List<Object> args = new ArrayList<>();
        Long count = jdbc.queryForObject("select count(*) from email_feedback" + where(outcome, args), Long.class,
                args.toArray());
        return count == null ? 0 : count;
    }

    /** One notification, with the payload of an unknown shape as it came. */
    Optional<Entry> find(long id) {
        return jdbc.query("select id, provider, kind, message_id, outcome, detail, received_at, payload from email_feedback"
                + " where id = ?", row(true), id).stream().findFirst();
    }

    private static String where(String outcome, List<Object> args) {
        if (outcome == null) {
            return "";
        }
        args.add(outcome);
        return " where outcome = ?";
    }

    private static RowMapper<Entry> row(boolean withPayload) {
        return (rs, n) -> new Entry(rs.getLong("id"), rs.getString("provider"), rs.getString("kind"),
                rs.getString("message_id"), rs.getString("outcome"), rs.getString("detail"),
                rs.getObject("received_at", OffsetDateTime.class), withPayload ? rs.getString("payload") : null);
    }
}
