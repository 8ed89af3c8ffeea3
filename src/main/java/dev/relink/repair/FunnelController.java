package dev.relink.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/incidents/funnel?since=}: of the incidents opened since then, per reason and
 * institution, how many were prompted, had their repair page opened, were submitted through the
 * widget and were resolved, and how long a repair took (opening to confirmed valid, for incidents
 * resolved after a widget success). Read from the timeline, so it survives restarts and covers
 * every replica, unlike the per-process meters.
 */
@RestController
class FunnelController {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Row(String reason, String institution, long incidents, long prompted, long opened, long submitted,
            long resolved, @JsonProperty("resolved_after_repair") long resolvedAfterRepair,
            @JsonProperty("median_seconds_to_repair") Long medianSecondsToRepair,
            @JsonProperty("max_seconds_to_repair") Long maxSecondsToRepair) {
    }

    record Funnel(OffsetDateTime since, List<Row> rows) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    FunnelController(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping(path = "/api/incidents/funnel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> funnel(@RequestParam(required = false) String since) {
        OffsetDateTime from;
        try {
            from = since == null ? OffsetDateTime.now(clock).minus(DEFAULT_WINDOW).withOffsetSameInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(since);
        } catch (DateTimeParseException bad) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-since",
                            "'since' must be an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00Z."));
        }
        Map<List<String>, List<Long>> repairTimes = repairTimes(from);
        List<Row> rows = jdbc.query("select i.reason, coalesce(i.institution, 'unknown') as institution, count(*) as n, "
                + reached("prompted") + " as prompted, "
                + reached("page_opened") + " as opened, "
                + reached("widget_success") + " as submitted, "
                + "sum(case when i.state = 'resolved' then 1 else 0 end) as resolved "
                + "from incident i where i.opened_at >= ? "
                + "group by i.reason, coalesce(i.institution, 'unknown') order by i.reason, institution",
                (rs, n) -> {
                    List<Long> times = repairTimes.getOrDefault(List.of(rs.getString(1), rs.getString(2)), List.of());
                    return new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), times.size(),
                            times.isEmpty() ? null : times.get((times.size() - 1) / 2),
                            times.isEmpty() ? null : times.get(times.size() - 1));
                }, from);
        return ResponseEntity.ok(new Funnel(from, rows));
    }

    /** 1 for each incident whose timeline has an event of this type (prompting writes {@code prompted} per send). */
    private static String reached(String eventType) {
        return "sum(case when exists (select 1 from incident_event e where e.incident_id = i.id and e.type = '"
                + eventType + "') then 1 else 0 end)";
    }

    /** Seconds from opening to resolution of incidents resolved after a widget success, sorted, per group. */
    private Map<List<String>, List<Long>> repairTimes(OffsetDateTime from) {
        Map<List<String>, List<Long>> times = new LinkedHashMap<>();
        jdbc.query("select i.reason, coalesce(i.institution, 'unknown'), i.opened_at, i.closed_at from incident i "
                + "where i.opened_at >= ? and i.state = 'resolved' and exists (select 1 from incident_event e "
                + "where e.incident_id = i.id and e.type = 'widget_success')", rs -> {
                    long seconds = Duration.between(rs.getObject(3, OffsetDateTime.class),
                            rs.getObject(4, OffsetDateTime.class)).toSeconds();
                    times.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(seconds);
                }, from);
        times.values().forEach(list -> list.sort(null));
        return times;
    }
}
