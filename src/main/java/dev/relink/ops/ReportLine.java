package dev.relink.ops;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

import dev.relink.report.ReportRow;

/**
 * A row of the report's table, its figures as people read them: a percentage, a time to repair, an amount;
 * the messages delivered, bounced and complained of as a count with its share of the messages sent.
 */
record ReportLine(String group, long incidents, long prompted, long delivered, long pageViewed, long started,
        long widgetSuccess, long widgetError, long widgetExit, long repaired, long repairedWithoutClick,
        String within1d, String within3d, String within7d, String median, String optOutRate, String cost,
        String costPerRepair, long messages, String messagesDelivered, String messagesBounced, String messagesComplained) {

    static ReportLine of(ReportRow row, String currency) {
        return new ReportLine(row.group(), row.incidents(), row.prompted(), row.delivered(), row.pageViewed(),
                row.started(), row.widgetSuccess(), row.widgetError(), row.widgetExit(), row.repaired(),
                row.repairedWithoutClick(), percent(row.repairRate1d()), percent(row.repairRate3d()),
                percent(row.repairRate7d()), duration(row.medianSecondsToRepair()), percent(row.optOutRate()),
                money(row.cost(), currency), money(row.costPerRepair(), currency), row.messages(),
                ofMessages(row.messagesDelivered(), row.deliveryRate()), ofMessages(row.messagesBounced(), row.bounceRate()),
                ofMessages(row.messagesComplained(), row.complaintRate()));
    }

    /** A count of messages and its share of those sent: {@code 3 (75.0 %)}; the count alone when none was sent. */
    static String ofMessages(long count, Double share) {
        return share == null ? Long.toString(count) : count + " (" + percent(share) + ")";
    }

    static String percent(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** A time to repair as people say it: 40 min, 5.5 h, 2.3 days. */
    static String duration(Long seconds) {
        if (seconds == null) {
            return "–";
        }
        Duration time = Duration.ofSeconds(seconds);
        if (time.compareTo(Duration.ofHours(1)) < 0) {
            return Math.max(1, time.toMinutes()) + " min";
        }
        if (time.compareTo(Duration.ofDays(1)) < 0) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400.0);
    }

    private static String money(BigDecimal amount, String currency) {
        return amount == null ? "–" : amount.stripTrailingZeros().toPlainString() + " " + currency;
    }
}
