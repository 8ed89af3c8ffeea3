package dev.relink.incident;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The repair funnel read from the incidents and their timelines (so it survives restarts and covers
 * every replica): of the incidents opened since a moment, how many were prompted, read a prompt
 * (WhatsApp's read receipt), had their repair page opened (fetched at all: mail scanners fetch links too),
 * were started (a person pressed the page's button), were submitted through the widget, had a prompt email
 * delivered, bounced (for good) or complained about (the provider's word, {@code prompt_delivery.feedback}), were resolved,
 * and were repaired (resolved after a widget success). Grouped per reason and institution for {@code GET /api/incidents/funnel}, per
 * day of opening for the ops console's chart.
 */
@Component
public class IncidentFunnel {

    /** One day of the funnel: incidents opened that day and how far they got. */
    public record Day(LocalDate day, long incidents, long prompted, long opened, long started, long repaired) {
    }

    /** One reason and institution: how far its incidents got, and how long a repair took. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String reason, String institution, long incidents, long prompted, long read, long opened,
            long started, long submitted, long delivered, long bounced, long complained,
            long resolved, @JsonProperty("resolved_after_repair") long resolvedAfterRepair,
            @JsonProperty("median_seconds_to_repair") Long medianSecondsToRepair,
            @JsonProperty("max_seconds_to_repair") Long maxSecondsToRepair) {
    }

    private final JdbcTemplate jdbc;

    IncidentFunnel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The funnel per day the incidents were opened, oldest day first. */
    public List<Day> byDay(OffsetDateTime from) {
        return stages("cast(i.opened_at as date)", from, (rs, n) -> new Day(rs.getObject(1, LocalDate.class),
                rs.getLong("n"), rs.getLong("prompted"), rs.getLong("opened"), rs.getLong("started"), rs.getLong("repaired")));
    }

    /** The funnel per reason and institution, with the median and maximum time to repair. */
    public List<Row> byReasonAndInstitution(OffsetDateTime from) {
        Map<List<String>, List<Long>> repairTimes = repairTimes(from);
        return stages("i.reason, coalesce(i.institution, 'unknown')", from, (rs, n) -> {
            List<Long> times = repairTimes.getOrDefault(List.of(rs.getString(1), rs.getString(2)), List.of());
            return new Row(rs.getString(1), rs.getString(2), rs.getLong("n"), rs.getLong("prompted"), rs.getLong("read"),
                    rs.getLong("opened"), rs.getLong("started"), rs.getLong("submitted"), rs.getLong("delivered"),
                    rs.getLong("bounced"), rs.getLong("complained"), rs.getLong("resolved"), rs.getLong("repaired"),
                    times.isEmpty() ? null : times.get((times.size() - 1) / 2),
                    times.isEmpty() ? null : times.get(times.size() - 1));
        });
    }

    /** Counts per stage of the incidents opened since {@code from}, grouped by {@code groups} (also the order). */
    private <T> List<T> stages(String groups, OffsetDateTime from, RowMapper<T> row) {
        return jdbc.query("select " + groups + ", count(*) as n, "
                + reached("prompted") + " as prompted, "
                + reached("prompt_read") + " as read, "
                + reached("page_opened") + " as opened, "
                + reached("repair_started") + " as started, "
                + reached("widget_success") + " as submitted, "
                + emailFeedback("delivered") + " as delivered, "
                + emailFeedback("bounced") + " as bounced, "
                + emailFeedback("complained") + " as complained, "
                + "sum(case when i.state = 'resolved' then 1 else 0 end) as resolved, "
                + "sum(case when i.state = 'resolved' and " + exists("widget_success") + " then 1 else 0 end) as repaired "
                + "from incident i where i.opened_at >= ? group by " + groups + " order by " + groups, row, from);
    }

    /** 1 for each incident whose timeline has an event of this type (prompting writes {@code prompted} per send). */
    private static String reached(String eventType) {
        return "sum(case when " + exists(eventType) + " then 1 else 0 end)";
    }

    /** 1 for each incident with a prompt email its provider reported so ({@code prompt_delivery.feedback}). */
    private static String emailFeedback(String feedback) {
        return "sum(case when exists (select 1 from prompt_delivery d where d.incident_id = i.id and d.feedback = '"
                + feedback + "') then 1 else 0 end)";
    }

    private static String exists(String eventType) {
        return "exists (select 1 from incident_event e where e.incident_id = i.id and e.type = '" + eventType + "')";
    }

    /** Seconds from opening to resolution of incidents resolved after a widget success, sorted, per group. */
    private Map<List<String>, List<Long>> repairTimes(OffsetDateTime from) {
        Map<List<String>, List<Long>> times = new LinkedHashMap<>();
        jdbc.query("select i.reason, coalesce(i.institution, 'unknown'), i.opened_at, i.closed_at from incident i "
                + "where i.opened_at >= ? and i.state = 'resolved' and " + exists("widget_success"), rs -> {
                    long seconds = Duration.between(rs.getObject(3, OffsetDateTime.class),
                            rs.getObject(4, OffsetDateTime.class)).toSeconds();
                    times.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(seconds);
                }, from);
        times.values().forEach(list -> list.sort(null));
        return times;
    }
}
