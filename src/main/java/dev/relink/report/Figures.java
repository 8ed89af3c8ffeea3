package dev.relink.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The report's arithmetic over journeys, with nothing else: counts, rates, medians, costs (plain unit tests). */
final class Figures {

    static final Duration DAY = Duration.ofDays(1);
    static final Duration THREE_DAYS = Duration.ofDays(3);
    static final Duration WEEK = Duration.ofDays(7);

    private Figures() {
    }

    /** One row per group of {@code by}, in the groups' order, as of {@code asOf} (what has matured by then). */
    static List<ReportRow> rows(List<Journey> journeys, Dimension by, Instant asOf, Costs costs) {
        Map<String, List<Journey>> groups = new TreeMap<>(Comparator.naturalOrder());
        journeys.forEach(journey -> by.partsOf(journey).forEach((group, part) ->
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(part)));
        return groups.entrySet().stream().map(group -> row(group.getKey(), group.getValue(), asOf, costs)).toList();
    }

    static ReportRow row(String group, List<Journey> journeys, Instant asOf, Costs costs) {
        long repaired = count(journeys, journey -> journey.repairedAt() != null);
        long prompted = count(journeys, Journey::prompted);
        long optedOut = count(journeys, journey -> journey.prompted() && journey.optedOutAt() != null);
        BigDecimal cost = journeys.stream().map(costs::of).reduce(BigDecimal.ZERO, BigDecimal::add);
        long messages = messages(journeys, prompt -> true);
        long messagesDelivered = messages(journeys, Journey.Prompt::delivered);
        long messagesBounced = messages(journeys, Journey.Prompt::bounced);
        long messagesComplained = messages(journeys, Journey.Prompt::complained);
        List<Journey> matured1 = matured(journeys, DAY, asOf);
        List<Journey> matured3 = matured(journeys, THREE_DAYS, asOf);
        List<Journey> matured7 = matured(journeys, WEEK, asOf);
        return new ReportRow(group, journeys.size(), prompted, count(journeys, Journey::delivered),
                count(journeys, journey -> journey.viewedAt() != null), count(journeys, journey -> journey.startedAt() != null),
                widget(journeys, "success"), widget(journeys, "error"), widget(journeys, "exit"),
                repaired, count(journeys, journey -> Journey.REPAIRED_WITHOUT_CLICK.equals(journey.outcome())),
                count(journeys, journey -> Journey.OPEN.equals(journey.outcome())),
                count(journeys, journey -> Journey.NEVER.equals(journey.outcome())),
                matured1.size(), share(count(matured1, journey -> journey.repairedWithin(DAY)), matured1.size()),
                matured3.size(), share(count(matured3, journey -> journey.repairedWithin(THREE_DAYS)), matured3.size()),
                matured7.size(), share(count(matured7, journey -> journey.repairedWithin(WEEK)), matured7.size()),
                median(journeys.stream().filter(journey -> journey.repairedAt() != null)
                        .map(journey -> journey.timeToRepair().toSeconds()).toList()),
                optedOut, share(optedOut, prompted), messages, cost, perRepair(cost, repaired),
                messagesDelivered, messagesBounced, messagesComplained, share(messagesDelivered, messages),
                share(messagesBounced, messages), share(messagesComplained, messages));
    }

    /** The incidents detected at least {@code window} before {@code asOf}: their outcome within it is known. */
    static List<Journey> matured(List<Journey> journeys, Duration window, Instant asOf) {
        return journeys.stream().filter(journey -> !journey.detectedAt().plus(window).isAfter(asOf)).toList();
    }

    /** part / whole, or null when whole is 0 (no rate, rather than a rate of 0). */
    static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** The median of the values (the mean of the middle two for an even count, rounded down); null for none. */
    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : Math.floorDiv(sorted.get(middle - 1) + sorted.get(middle), 2);
    }

    /** Cost per repaired incident, to 4 decimals; null when nothing was repaired. */
    static BigDecimal perRepair(BigDecimal cost, long repaired) {
        return repaired == 0 ? null : cost.divide(BigDecimal.valueOf(repaired), 4, RoundingMode.HALF_UP);
    }

    private static long widget(List<Journey> journeys, String outcome) {
        return count(journeys, journey -> journey.widget() != null && outcome.equals(journey.widget().outcome()));
    }

    /** The messages that went out (the provider took them) and pass {@code test}. */
    private static long messages(List<Journey> journeys, Predicate<Journey.Prompt> test) {
        return journeys.stream().mapToLong(journey -> journey.prompts().stream().filter(Journey.Prompt::wentOut)
                .filter(test).count()).sum();
    }

    private static long count(List<Journey> journeys, Predicate<Journey> test) {
        return journeys.stream().filter(test).count();
    }
}
