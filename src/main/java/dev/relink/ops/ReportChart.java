package dev.relink.ops;

import java.util.ArrayList;
import java.util.List;

import dev.relink.report.ReportRow;

/**
 * The repair report as the geometry of an inline SVG chart (drawn by the template, no script): one line per
 * group, three bars for the share of its incidents repaired within 1, 3 and 7 days, on a 0–100 % scale, the
 * figure written at each bar's end. A window that no incident of the group has lived through yet gets no bar
 * and says so, rather than drawing a zero.
 */
record ReportChart(int width, int height, List<Bar> bars, List<Label> labels, List<Grid> grid) {

    static final int LABEL = 150;
    static final int PLOT = 400;
    static final int TOP = 18;
    static final int BAR = 9;
    static final int GROUP = 3 * BAR + 12;
    static final String[] WITHIN = {"1d", "3d", "7d"};

    /** One bar: its box, its window (the CSS class that colours it), and what a hover says. */
    record Bar(int x, int y, int width, int height, String within, String title) {
    }

    /** A text: a group's name, or a bar's figure. */
    record Label(int x, int y, String text, String anchor) {
    }

    /** A vertical grid line at a share (0, 25, 50, 75, 100 %). */
    record Grid(int x, int top, int bottom, String text) {
    }

    static ReportChart of(List<ReportRow> rows) {
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ReportRow row = rows.get(i);
            int y = TOP + i * GROUP;
            labels.add(new Label(LABEL - 6, y + (3 * BAR) / 2 + 3, row.group() + " (" + row.incidents() + ")", "end"));
            Double[] rates = {row.repairRate1d(), row.repairRate3d(), row.repairRate7d()};
            for (int w = 0; w < rates.length; w++) {
                int top = y + w * BAR;
                if (rates[w] == null) {
                    labels.add(new Label(LABEL + 2, top + BAR - 1, WITHIN[w] + ": not yet", "start"));
                    continue;
                }
                int length = (int) Math.round(rates[w] * PLOT);
                String percent = ReportLine.percent(rates[w]);
                bars.add(new Bar(LABEL, top, length, BAR - 1, "within-" + WITHIN[w],
                        row.group() + ": " + percent + " repaired within " + WITHIN[w]));
                labels.add(new Label(LABEL + length + 3, top + BAR - 1, WITHIN[w] + " " + percent, "start"));
            }
        }
        int bottom = TOP + rows.size() * GROUP;
        List<Grid> grid = new ArrayList<>();
        for (int share = 0; share <= 100; share += 25) {
            grid.add(new Grid(LABEL + share * PLOT / 100, TOP - 4, bottom, share + " %"));
        }
        return new ReportChart(LABEL + PLOT + 70, bottom + 6, bars, labels, grid);
    }
}
