package dev.relink.ops;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.relink.incident.IncidentFunnel;

/**
 * The repair funnel per day as the geometry of an inline SVG bar chart (drawn by the template, no
 * script): for each day of the window, four bars, prompted → opened → started → repaired, scaled to the
 * largest value. Days without incidents are drawn as empty, so the time axis stays true.
 */
record FunnelChart(int width, int height, int top, int baseline, List<Bar> bars, List<Label> labels, List<IncidentFunnel.Day> days,
        long max) {

    static final int HEIGHT = 200;
    static final int TOP = 16;
    static final int BASELINE = 170;
    static final int LEFT = 24;
    static final int BAR = 10;
    static final int GROUP = 4 * BAR + 12;

    /** One bar: its box, its stage (the CSS class that colours it) and what a hover says. */
    record Bar(int x, int y, int width, int height, String stage, String title) {
    }

    /** A day under its bars. */
    record Label(int x, int y, String text) {
    }

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd");

    static FunnelChart of(List<IncidentFunnel.Day> report, LocalDate first, LocalDate last) {
        Map<LocalDate, IncidentFunnel.Day> byDay = report.stream()
                .collect(Collectors.toMap(IncidentFunnel.Day::day, Function.identity()));
        List<IncidentFunnel.Day> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(byDay.getOrDefault(day, new IncidentFunnel.Day(day, 0, 0, 0, 0, 0)));
        }
        long max = Math.max(1, days.stream().mapToLong(IncidentFunnel.Day::prompted).max().orElse(0));
        max = Math.max(max, days.stream().mapToLong(d -> Math.max(d.opened(), d.repaired())).max().orElse(0));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            IncidentFunnel.Day day = days.get(i);
            int x = LEFT + i * GROUP;
            bars.add(bar(x, day.prompted(), max, "prompted", day));
            bars.add(bar(x + BAR, day.opened(), max, "opened", day));
            bars.add(bar(x + 2 * BAR, day.started(), max, "started", day));
            bars.add(bar(x + 3 * BAR, day.repaired(), max, "repaired", day));
            labels.add(new Label(x + (4 * BAR) / 2, BASELINE + 16, SHORT.format(day.day())));
        }
        List<IncidentFunnel.Day> newestFirst = new ArrayList<>(days);
        Collections.reverse(newestFirst);
        return new FunnelChart(LEFT * 2 + days.size() * GROUP, HEIGHT, TOP, BASELINE, bars, labels, newestFirst, max);
    }

    private static Bar bar(int x, long value, long max, String stage, IncidentFunnel.Day day) {
        int height = (int) Math.round((double) value * (BASELINE - TOP) / max);
        return new Bar(x, BASELINE - height, BAR - 1, height, stage, day.day() + " " + stage + ": " + value);
    }
}
