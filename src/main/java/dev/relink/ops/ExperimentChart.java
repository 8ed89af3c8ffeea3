package dev.relink.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.relink.experiment.ExperimentReport;

/**
 * An experiment's repair rate per arm as the geometry of an inline SVG (drawn by the template, no
 * script): one horizontal bar per arm, its length the rate, a whisker over its interval, on an axis
 * from 0 to 100 %. An arm without outcomes yet has no bar.
 */
record ExperimentChart(int width, int height, int left, int right, List<Row> rows, List<Tick> ticks) {

    static final int WIDTH = 600;
    static final int LEFT = 110;
    static final int RIGHT = 580;
    static final int ROW = 34;
    static final int TOP = 10;

    /** One arm: its label, the bar (rate) and the whisker (interval); {@code holdout} colours it apart. */
    record Row(String label, int labelY, int barY, int barWidth, int whiskerLow, int whiskerHigh, int whiskerY,
            boolean measured, boolean holdout, String title) {
    }

    /** A percentage on the axis. */
    record Tick(int x, int y, String text) {
    }

    static ExperimentChart of(ExperimentReport report) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < report.arms().size(); i++) {
            ExperimentReport.ArmLine arm = report.arms().get(i);
            int y = TOP + i * ROW;
            boolean measured = arm.rate() != null;
            rows.add(new Row(arm.name(), y + 15, y + 4, measured ? x(arm.rate()) - LEFT : 0,
                    measured ? x(arm.ciLow()) : LEFT, measured ? x(arm.ciHigh()) : LEFT, y + 12, measured, arm.holdout(),
                    arm.name() + ": " + (measured ? percent(arm.rate()) + " repaired ("
                            + percent(arm.ciLow()) + "–" + percent(arm.ciHigh()) + ") of "
                            + arm.observed() : "no outcome yet")));
        }
        int axis = TOP + report.arms().size() * ROW;
        List<Tick> ticks = new ArrayList<>();
        for (int percent = 0; percent <= 100; percent += 25) {
            ticks.add(new Tick(x(percent / 100.0), axis + 12, percent + " %"));
        }
        return new ExperimentChart(WIDTH, axis + 18, LEFT, RIGHT, rows, ticks);
    }

    /** A rate in percent, or a dash when there is none yet. */
    static String percent(Double rate) {
        return rate == null ? "–" : String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    private static int x(double rate) {
        return LEFT + (int) Math.round(rate * (RIGHT - LEFT));
    }
}
