package dev.relink.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import dev.relink.database.LikePatterns;

/** Table dead_letter. State changes are conditional updates, so replicas never replay one row twice. */
@Repository
class DeadLetterStore {

    private static final String COLUMNS = "id, route_id, endpoint, body, body_type, headers, exception_class, "
            + "exception_message, attempts, first_failed_at, last_failed_at, status, replay_outcome, replayed_at";
    private static final int MAX_MESSAGE = 4000;
    private static final int MAX_ENDPOINT = 1000;

    private final JdbcClient jdbc;

    DeadLetterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(DeadLetter letter) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into dead_letter (route_id, endpoint, body, body_type, headers, exception_class, "
                + "exception_message, attempts, first_failed_at, last_failed_at, status) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(letter.routeId(), clip(letter.endpoint(), MAX_ENDPOINT), letter.body(), letter.bodyType(),
                        letter.headers(), clip(letter.exceptionClass(), 512), clip(letter.exceptionMessage(), MAX_MESSAGE),
                        letter.attempts(), at(letter.firstFailedAt()), at(letter.lastFailedAt()), DeadLetter.PENDING)
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** A replay failed again: same row, more attempts, the new error, back to pending. */
    void failedAgain(long id, String exceptionClass, String exceptionMessage, int attempts, Instant at) {
        jdbc.sql("update dead_letter set status = ?, attempts = attempts + ?, last_failed_at = ?, exception_class = ?, "
                + "exception_message = ?, replay_outcome = ?, replayed_at = ? where id = ?")
                .params(DeadLetter.PENDING, attempts, at(at), clip(exceptionClass, 512), clip(exceptionMessage, MAX_MESSAGE),
                        clip("failed again: " + exceptionMessage, MAX_MESSAGE), at(at), id)
                .update();
    }

    /** Takes a pending row for a replay; false when it is not pending (replayed, being replayed, gone). */
    boolean claim(long id) {
        return jdbc.sql("update dead_letter set status = ? where id = ? and status = ?")
                .params(DeadLetter.REPLAYING, id, DeadLetter.PENDING).update() == 1;
    }

    /** Marks a claimed row replayed; false when the replay's own failure already put it back to pending. */
    boolean replayed(long id, Instant at) {
        return jdbc.sql("update dead_letter set status = ?, replay_outcome = ?, replayed_at = ? where id = ? and status = ?")
                .params(DeadLetter.REPLAYED, "replayed", at(at), id, DeadLetter.REPLAYING).update() == 1;
    }

    Optional<DeadLetter> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from dead_letter where id = ?").param(id).query(DeadLetterStore::row)
                .optional();
    }

    List<DeadLetter> page(String route, String status, int page, int size) {
        Filter filter = new Filter(route, status);
        return jdbc.sql("select " + COLUMNS + " from dead_letter" + filter.where + " order by id desc limit ? offset ?")
                .params(filter.params(size, (long) page * size)).query(DeadLetterStore::row).list();
    }

    long count(String route, String status) {
        Filter filter = new Filter(route, status);
        return jdbc.sql("select count(*) from dead_letter" + filter.where).params(filter.params())
                .query(Long.class).single();
    }

    /** Pending ids after {@code afterId}, oldest first (a bulk replay walks them in batches). */
    List<Long> pendingIds(String route, long afterId, int limit) {
        Filter filter = new Filter(route, DeadLetter.PENDING);
        return jdbc.sql("select id from dead_letter" + filter.where + " and id > ? order by id limit ?")
                .params(filter.params(afterId, limit)).query(Long.class).list();
    }

    Map<String, Long> pendingByRoute() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select route_id, count(*) from dead_letter where status = ? group by route_id order by route_id")
                .param(DeadLetter.PENDING)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    boolean delete(long id) {
        return jdbc.sql("delete from dead_letter where id = ?").param(id).update() == 1;
    }

    int deleteAll(String route) {
        return jdbc.sql("delete from dead_letter where route_id = ? and status = ?").params(route, DeadLetter.PENDING)
                .update();
    }

    /** Deletes every dead letter whose body, headers, error, endpoint or replay outcome contains {@code text}. */
    int deleteMentioning(String text) {
        return jdbc.sql("delete from dead_letter where body like :text escape '!' or headers like :text escape '!'"
                + " or exception_message like :text escape '!' or endpoint like :text escape '!'"
                + " or replay_outcome like :text escape '!'").param("text", LikePatterns.containing(text)).update();
    }

    /** Deletes up to {@code limit} dead letters replayed before {@code cutoff}. */
    int deleteReplayedBefore(Instant cutoff, int limit) {
        return jdbc.sql("delete from dead_letter where id in (select id from dead_letter where status = ?"
                + " and replayed_at < ? fetch first ? rows only)").params(DeadLetter.REPLAYED, at(cutoff), limit).update();
    }

    private static DeadLetter row(ResultSet rs, int n) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("route_id"), rs.getString("endpoint"), rs.getString("body"),
                rs.getString("body_type"), rs.getString("headers"), rs.getString("exception_class"),
                rs.getString("exception_message"), rs.getInt("attempts"), instant(rs, "first_failed_at"),
                instant(rs, "last_failed_at"), rs.getString("status"), rs.getString("replay_outcome"),
                instant(rs, "replayed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The optional route and status filters as a where clause and its parameters. */
    private static final class Filter {
        final String where;
        final List<Object> params = new ArrayList<>();

        Filter(String route, String status) {
            List<String> conditions = new ArrayList<>();
            if (route != null) {
                conditions.add("route_id = ?");
                params.add(route);
            }
            if (status != null) {
                conditions.add("status = ?");
                params.add(status);
            }
            where = conditions.isEmpty() ? " where 1 = 1" : " where " + String.join(" and ", conditions);
        }

        Object[] params(Object... more) {
            List<Object> all = new ArrayList<>(params);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }
}
