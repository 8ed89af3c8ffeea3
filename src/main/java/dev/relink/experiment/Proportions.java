package dev.relink.experiment;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The statistics of the report, for proportions (repaired out of assigned, opted out out of assigned).
 * <ul>
 * <li>One arm's rate: the Wilson score interval (Wilson 1927; Newcombe 1998, method 3), which keeps its
 * coverage for small counts and rates near 0 or 1, where the textbook p ± z·se does not.</li>
 * <li>An arm against control: an always-valid confidence sequence for the difference of the two rates,
 * from the normal-mixture sequential probability ratio test (mSPRT; Robbins 1970, Johari, Pekelis and
 * Walsh 2017, "Always valid inference", the test behind Optimizely's Stats Engine). It holds at every
 * look at once: however often ops open the report and whenever they stop, the chance that it ever
 * excludes the true difference is at most 1 − confidence. A fixed-sample interval looked at daily
 * would not (its error grows with each look).</li>
 * </ul>
 */
final class Proportions {

    /** An interval of a rate or of a difference of rates. */
    record Interval(double low, double high) {

        boolean above(double value) {
            return low > value;
        }

        boolean below(double value) {
            return high < value;
        }

        boolean within(double bound) {
            return low > -bound && high < bound;
        }
    }

    private Proportions() {
    }

    /** The two-sided normal quantile of a confidence (1.959964 for 0.95). */
    static double z(double confidence) {
        return new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** Wilson's score interval for {@code successes} out of {@code trials} (trials > 0). */
    static Interval wilson(long successes, long trials, double confidence) {
        double z = z(confidence);
        double p = (double) successes / trials;
        double z2 = z * z;
        double centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        double half = z / (1 + z2 / trials) * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The always-valid confidence sequence for rate(arm) − rate(control) at this look: the differences
     * θ the mSPRT with a normal mixture N(0, τ²) over θ does not reject at level α = 1 − confidence,
     * that is |Δ − θ| ≤ √( V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V)) ), with Δ the observed difference and
     * V its variance (each arm's p(1−p)/n). {@code spread} is τ: differences of about that size are
     * found fastest. With no variance yet (both rates 0 or 1) nothing is excluded: (−1, 1).
     */
    static Interval difference(long armSuccesses, long armTrials, long controlSuccesses, long controlTrials,
            double confidence, double spread) {
        double arm = (double) armSuccesses / armTrials;
        double control = (double) controlSuccesses / controlTrials;
        double variance = arm * (1 - arm) / armTrials + control * (1 - control) / controlTrials;
        if (variance <= 0) {
            return new Interval(-1, 1);
        }
        double tau2 = spread * spread;
        double alpha = 1 - confidence;
        double half = Math.sqrt(variance * (variance + tau2) / tau2
                * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
        double delta = arm - control;
        return new Interval(Math.max(-1, delta - half), Math.min(1, delta + half));
    }
}
