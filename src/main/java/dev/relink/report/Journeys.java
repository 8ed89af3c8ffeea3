package dev.relink.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The journeys of incidents read from what Relink records anyway: the incident (detected, closed, resolved),
 * its deliveries ({@code prompt_delivery}, read through {@link DeliveryStatus}, with the email provider's word), its timeline
 * ({@code incident_event}: {@code page_opened}, {@code repair_started}, {@code widget_success},
 * {@code widget_error}, {@code exited}, {@code opted_out}; the first of each, which is what a forgotten
 * incident keeps) and its person's opt-outs while it was open. Four queries per period, whatever its size.
 */
@Component
public class Journeys {

    private static final String IN_PERIOD = "i.opened_at >= ? and i.opened_at < ?";
    private static final String ONE = "i.id = ?";
    private static final List<String> STAGES = List.of("page_opened", "repair_started", "widget_success",
            "widget_error", "exited", "opted_out");
    /** Belvo's error code as {@code repair.RepairEventsController} writes it: "CODE: message" and "...; last error CODE". */
    private static final Pattern ERROR_CODE = Pattern.compile("^(?!no code)([^:;]+)");
    private static final Pattern EXIT_CODE = Pattern.compile("last error ([^;]+)");

    private final JdbcTemplate jdbc;

    Journeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The journeys of the incidents detected in [from, to), oldest first. */
    public List<Journey> detectedBetween(Instant from, Instant to) {
        return read(IN_PERIOD, at(from), at(to));
    }

    /** One incident's journey. */
    public Optional<Journey> of(String incidentId) {
        return read(ONE, incidentId).stream().findFirst();
    }

    private record Head(String id, String reason, String institution, String state, Instant openedAt, Instant closedAt) {
    }

    private List<Journey> read(String where, Object... args) {
        Map<String, Head> heads = new LinkedHashMap<>();
        jdbc.query("select i.id, i.reason, coalesce(i.institution, 'unknown'), i.state, i.opened_at, i.closed_at"
                + " from incident i where " + where + " order by i.opened_at, i.id", rs -> {
                    heads.put(rs.getString(1), new Head(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), instant(rs, 5), instant(rs, 6)));
                }, args);
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<String, List<Journey.Prompt>> prompts = prompts(where, args);
        Map<String, Map<String, Event>> events = events(where, args);
        Map<String, Instant> optOuts = contactOptOuts(where, args);
        List<Journey> journeys = new ArrayList<>(heads.size());
        for (Head head : heads.values()) {
            Map<String, Event> stages = events.getOrDefault(head.id(), Map.of());
            Instant optedOut = earliest(at(stages.get("opted_out")), optOuts.get(head.id()));
            journeys.add(new Journey(head.id(), head.reason(), head.institution(), head.openedAt(),
                    prompts.getOrDefault(head.id(), List.of()), at(stages.get("page_opened")),
                    at(stages.get("repair_started")), widget(stages), "resolved".equals(head.state()) ? head.closedAt() : null,
                    head.closedAt(), optedOut));
        }
        return journeys;
    }

    private Map<String, List<Journey.Prompt>> prompts(String where, Object... args) {
        Map<String, List<Journey.Prompt>> prompts = new HashMap<>();
        jdbc.query("select d.incident_id, d.step, d.channel, d.template, d.template_variant, d.status, d.created_at,"
                + " d.updated_at, d.feedback, d.feedback_provider from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where " + where + " order by d.created_at, d.id", rs -> {
                    String status = rs.getString(6);
                    String channel = rs.getString(3);
                    prompts.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(new Journey.Prompt(rs.getInt(2),
                            channel, localeOf(rs.getString(4)), rs.getString(5), status, instant(rs, 7),
                            DeliveryStatus.delivered(status) ? instant(rs, 8) : null,
                            DeliveryStatus.provider(channel, rs.getString(10)), rs.getString(9)));
                }, args);
        return prompts;
    }

    private record Event(Instant at, String detail) {
    }

    /** The first event of each stage per incident. */
    private Map<String, Map<String, Event>> events(String where, Object... args) {
        Map<String, Map<String, Event>> events = new HashMap<>();
        List<Object> all = new ArrayList<>(List.of(args));
        all.addAll(STAGES);
        jdbc.query("select e.incident_id, e.type, e.at, e.detail from incident_event e join incident i on i.id = e.incident_id"
                + " where " + where + " and e.type in (" + String.join(", ", STAGES.stream().map(s -> "?").toList())
                + ") order by e.id", rs -> {
                    events.computeIfAbsent(rs.getString(1), id -> new HashMap<>())
                            .putIfAbsent(rs.getString(2), new Event(instant(rs, 3), rs.getString(4)));
                }, all.toArray());
        return events;
    }

    /** When the incident's person opted out of a channel while it was open (the contact's own record). */
    private Map<String, Instant> contactOptOuts(String where, Object... args) {
        Map<String, Instant> optOuts = new HashMap<>();
        jdbc.query("select i.id, i.opened_at, i.closed_at, c.email_opt_out_at, c.sms_opt_out_at, c.whatsapp_opt_out_at"
                + " from incident i join contact c on c.external_id = i.external_id where " + where, rs -> {
                    Instant opened = instant(rs, 2);
                    Instant closed = instant(rs, 3);
                    for (int column = 4; column <= 6; column++) {
                        Instant at = instant(rs, column);
                        if (at != null && !at.isBefore(opened) && (closed == null || !at.isAfter(closed))) {
                            optOuts.merge(rs.getString(1), at, Journeys::earliest);
                        }
                    }
                }, args);
        return optOuts;
    }

    /** The widget's outcome: success if it ever reported one, else an error (with Belvo's code), else an exit. */
    private static Journey.Widget widget(Map<String, Event> stages) {
        Event success = stages.get("widget_success");
        if (success != null) {
            return new Journey.Widget("success", null, success.at());
        }
        Event error = stages.get("widget_error");
        if (error != null) {
            return new Journey.Widget("error", code(ERROR_CODE, error.detail()), error.at());
        }
        Event exit = stages.get("exited");
        return exit == null ? null : new Journey.Widget("exit", code(EXIT_CODE, exit.detail()), exit.at());
    }

    private static String code(Pattern pattern, String detail) {
        if (detail == null) {
            return null; // a forgotten incident keeps that it happened, not what was said
        }
        Matcher matcher = pattern.matcher(detail);
        return matcher.find() ? matcher.group(1).strip() : null;
    }

    /** The locale of the template a prompt was rendered from ({@code <reason>/<locale>/<part>}). */
    static String localeOf(String template) {
        String[] parts = template == null ? new String[0] : template.split("/");
        return parts.length == 3 ? parts[1] : "unknown";
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant at(Event event) {
        return event == null ? null : event.at();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
