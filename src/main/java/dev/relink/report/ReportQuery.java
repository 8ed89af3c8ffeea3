package dev.relink.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The report's parameters, as the API and the console take them: {@code by} (a {@link Dimension}, default
 * {@code channel}), {@code from} and {@code to} (an ISO date, meaning that whole day in UTC, or a date-time
 * with offset; default the 28 days before now). Incidents detected in [from, to) are reported.
 */
record ReportQuery(Dimension by, Instant from, Instant to) {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(28);

    static ReportQuery parse(String by, String from, String to, Instant now) {
        Dimension dimension = by == null || by.isBlank() ? Dimension.CHANNEL : Dimension.named(by).orElseThrow(() ->
                new BadReportParameter("unknown-dimension", "'by' must be one of " + String.join(", ", Dimension.keys()) + "."));
        Instant end = to == null || to.isBlank() ? now : instant("to", to, true);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PERIOD) : instant("from", from, false);
        if (!start.isBefore(end)) {
            throw new BadReportParameter("bad-period", "'from' must be before 'to'.");
        }
        return new ReportQuery(dimension, start, end);
    }

    /** A date is its whole day: {@code from} its start, {@code to} the start of the next day. */
    private static Instant instant(String name, String value, boolean end) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException bad) {
            throw new BadReportParameter("bad-date", "'" + name + "' must be an ISO-8601 date (2026-11-01) or date-time with offset"
                    + " (2026-11-01T00:00:00Z).");
        }
    }
}
