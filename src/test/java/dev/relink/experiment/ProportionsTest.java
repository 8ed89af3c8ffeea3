package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The report's statistics against published values and against what they promise. */
class ProportionsTest {

    @Test
    void wilsonIntervalsAreNewcombesReferenceValues() {
        // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3
        assertInterval(Proportions.wilson(81, 263, 0.95), 0.2553, 0.3662);
        assertInterval(Proportions.wilson(15, 148, 0.95), 0.0624, 0.1605);
        assertInterval(Proportions.wilson(0, 20, 0.95), 0.0, 0.1611);
        assertInterval(Proportions.wilson(1, 29, 0.95), 0.0061, 0.1718);
    }

    @Test
    void theNormalQuantileOfNinetyFivePercentIsOnePointNineSix() {
        assertThat(Proportions.z(0.95)).isCloseTo(1.959964, within(1e-6));
        assertThat(Proportions.z(0.99)).isCloseTo(2.575829, within(1e-6));
    }

    @Test
    void theConfidenceSequenceEndsWhereTheMixtureLikelihoodRatioReachesOneOverAlpha() {
        // 360/1000 against 300/1000, tau 0.02: at each end the mSPRT statistic of Johari et al. (2017),
        // sqrt(V/(V+t2)) * exp(t2 (delta - theta)^2 / (2 V (V+t2))), is exactly 1/alpha = 20
        Proportions.Interval interval = Proportions.difference(360, 1000, 300, 1000, 0.95, 0.02);
        double variance = 0.36 * 0.64 / 1000 + 0.3 * 0.7 / 1000;
        for (double end : new double[] {interval.low(), interval.high()}) {
            double t2 = 0.02 * 0.02;
            double lambda = Math.sqrt(variance / (variance + t2))
                    * Math.exp(t2 * Math.pow(0.06 - end, 2) / (2 * variance * (variance + t2)));
            assertThat(lambda).isCloseTo(20, within(1e-9));
        }
        assertInterval(interval, -0.0184, 0.1384);
        // ten times the people: the same rates now tell the arms apart
        assertInterval(Proportions.difference(3600, 10000, 3000, 10000, 0.95, 0.02), 0.0399, 0.0801);
    }

    @Test
    void theSequenceIsWiderThanTheFixedSampleIntervalItReplaces() {
        Proportions.Interval sequential = Proportions.difference(360, 1000, 300, 1000, 0.95, 0.02);
        double fixedHalfWidth = 1.959964 * Math.sqrt(0.36 * 0.64 / 1000 + 0.3 * 0.7 / 1000);
        assertThat(sequential.high() - sequential.low()).isGreaterThan(2 * fixedHalfWidth);
    }

    @Test
    void withNoVarianceYetNothingIsExcluded() {
        assertInterval(Proportions.difference(0, 5, 0, 7, 0.95, 0.02), -1, 1);
    }

    /**
     * A/A: two arms with the same true rate, looked at after every day of 40 (an ops person opening the
     * report daily). The always-valid sequence calls a difference in at most 5 % of experiments; the
     * fixed-sample 95 % interval, looked at the same way, in far more.
     */
    @Test
    void lookingEveryDayKeepsTheFalsePositiveRateBelowFivePercent() {
        Random random = new Random(26);
        int experiments = 400;
        int sequentialFalse = 0;
        int fixedFalse = 0;
        for (int e = 0; e < experiments; e++) {
            long a = 0;
            long b = 0;
            long n = 0;
            boolean sequentialCalled = false;
            boolean fixedCalled = false;
            for (int day = 0; day < 40; day++) {
                a += successes(random, 50, 0.3);
                b += successes(random, 50, 0.3);
                n += 50;
                Proportions.Interval interval = Proportions.difference(a, n, b, n, 0.95, 0.02);
                sequentialCalled |= interval.above(0) || interval.below(0);
                double pa = (double) a / n;
                double pb = (double) b / n;
                double half = 1.959964 * Math.sqrt(pa * (1 - pa) / n + pb * (1 - pb) / n);
                fixedCalled |= Math.abs(pa - pb) > half;
            }
            sequentialFalse += sequentialCalled ? 1 : 0;
            fixedFalse += fixedCalled ? 1 : 0;
        }
        assertThat(sequentialFalse / (double) experiments).isLessThanOrEqualTo(0.05);
        assertThat(fixedFalse / (double) experiments).isGreaterThan(0.15);
    }

    @Test
    void aRealDifferenceIsFound() {
        Random random = new Random(7);
        int n = 20000;
        long a = successes(random, n, 0.36);
        long b = successes(random, n, 0.30);
        Proportions.Interval interval = Proportions.difference(a, n, b, n, 0.95, 0.02);
        assertThat(interval.above(0)).isTrue();
        assertThat(interval.low()).isLessThan(0.06);
        assertThat(interval.high()).isGreaterThan(0.06);
    }

    /** Successes among {@code trials} draws of a true rate {@code p}. */
    private static long successes(Random random, int trials, double p) {
        return random.doubles(trials).filter(draw -> draw < p).count();
    }

    private static void assertInterval(Proportions.Interval interval, double low, double high) {
        assertThat(interval.low()).isCloseTo(low, within(0.00005));
        assertThat(interval.high()).isCloseTo(high, within(0.00005));
    }
}
