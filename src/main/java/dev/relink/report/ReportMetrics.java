package dev.relink.report;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import dev.relink.channel.Channels;

/**
 * The repair report as Prometheus gauges, over the incidents detected in the last
 * {@code relink.report.metrics-window}, per channel the incident is attributed to (each channel of this
 * build, {@code none}: never prompted, {@code all}): {@code relink_report_repair_rate{channel, within}}
 * (within 1d, 3d, 7d), {@code relink_report_cost_per_repair{channel, currency}} and
 * {@code relink_report_incidents{outcome}}; and per provider of the messages ({@link DeliveryStatus#PROVIDERS},
 * {@code all}) {@code relink_report_message_rate{provider, outcome}}: the share of the messages sent that it
 * says were {@code delivered}, {@code bounced} or {@code complained} of. Labels name channels, providers and
 * outcomes only, a fixed set: no person, no link, no growing cardinality. The figures are read from the database (every replica's incidents) at most
 * once per {@code relink.report.metrics-refresh}, when a scrape asks; NaN while a figure has nothing to count.
 */
@Component
class ReportMetrics {

    private static final Map<String, ToDoubleFunction<ReportRow>> WITHIN = Map.of(
            "1d", row -> value(row.repairRate1d()),
            "3d", row -> value(row.repairRate3d()),
            "7d", row -> value(row.repairRate7d()));
    private static final Map<String, ToDoubleFunction<ReportRow>> OUTCOMES = Map.of(
            Journey.REPAIRED, row -> row.repaired() - row.repairedWithoutClick(),
            Journey.REPAIRED_WITHOUT_CLICK, ReportRow::repairedWithoutClick,
            Journey.OPEN, ReportRow::open,
            Journey.NEVER, ReportRow::never);
    private static final Map<String, ToDoubleFunction<ReportRow>> MESSAGE_OUTCOMES = Map.of(
            "delivered", row -> value(row.deliveryRate()),
            "bounced", row -> value(row.bounceRate()),
            "complained", row -> value(row.complaintRate()));
    private static final String ALL = "all";
    private static final Logger LOG = LoggerFactory.getLogger(ReportMetrics.class);

    private record Snapshot(Instant at, Map<String, ReportRow> byChannel, Map<String, ReportRow> byProvider) {
    }

    private final RepairReports reports;
    private final ReportProperties properties;
    private final Clock clock;
    private Snapshot snapshot;

    ReportMetrics(MeterRegistry meters, RepairReports reports, ReportProperties properties, Clock clock, Channels channels) {
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
        List<String> groups = new ArrayList<>(channels.names());
        groups.add(Dimension.NONE);
        groups.add(ALL);
        for (String channel : groups) {
            WITHIN.forEach((within, rate) -> Gauge.builder("relink.report.repair.rate", this,
                            metrics -> metrics.figure(Snapshot::byChannel, channel, rate))
                    .description("Share of incidents (detected in the metrics window, old enough) repaired within the window")
                    .tags("channel", channel, "within", within).register(meters));
            Gauge.builder("relink.report.cost.per.repair", this,
                            metrics -> metrics.figure(Snapshot::byChannel, channel, row -> value(row.costPerRepair())))
                    .description("Cost of the messages sent per incident repaired (metrics window)")
                    .tags("channel", channel, "currency", properties.currency()).register(meters);
        }
        OUTCOMES.forEach((outcome, count) -> Gauge.builder("relink.report.incidents", this,
                        metrics -> metrics.figure(Snapshot::byChannel, ALL, count))
                .description("Incidents detected in the metrics window, by outcome so far").tags("outcome", outcome)
                .register(meters));
        List<String> providers = new ArrayList<>(DeliveryStatus.PROVIDERS);
        providers.add(ALL);
        for (String provider : providers) {
            MESSAGE_OUTCOMES.forEach((outcome, rate) -> Gauge.builder("relink.report.message.rate", this,
                            metrics -> metrics.figure(Snapshot::byProvider, provider, rate))
                    .description("Share of the messages sent (incidents detected in the metrics window) the provider says"
                            + " were delivered, bounced or complained of")
                    .tags("provider", provider, "outcome", outcome).register(meters));
        }
    }

    private double figure(Function<Snapshot, Map<String, ReportRow>> grouping, String group, ToDoubleFunction<ReportRow> figure) {
        ReportRow row = grouping.apply(current()).get(group);
        return row == null ? Double.NaN : figure.applyAsDouble(row);
    }

    /** The figures, read anew when older than the refresh interval (one read serves every gauge of a scrape). */
    private synchronized Snapshot current() {
        Instant now = clock.instant();
        if (snapshot == null || !snapshot.at().plus(properties.metricsRefresh()).isAfter(now)) {
            Instant from = now.minus(properties.metricsWindow());
            snapshot = new Snapshot(now, read(Dimension.CHANNEL, from, now), read(Dimension.PROVIDER, from, now));
        }
        return snapshot;
    }

    /** The figures per group; none (NaN) until the next refresh when the database cannot be read, so one scrape waits once. */
    private Map<String, ReportRow> read(Dimension by, Instant from, Instant now) {
        try {
            RepairReports.Report report = reports.report(by, from, now);
            Map<String, ReportRow> groups = report.rows().stream()
                    .collect(Collectors.toMap(ReportRow::group, row -> row));
            groups.put(ALL, report.total());
            return groups;
        } catch (DataAccessException unreadable) {
            LOG.warn("The repair report's gauges could not be read: {}", unreadable.getMessage());
            return Map.of();
        }
    }

    private static double value(Double figure) {
        return figure == null ? Double.NaN : figure;
    }

    private static double value(BigDecimal figure) {
        return figure == null ? Double.NaN : figure.doubleValue();
    }
}
