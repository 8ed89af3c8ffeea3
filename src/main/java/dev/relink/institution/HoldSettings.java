package dev.relink.institution;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * When an institution is put on hold ({@code relink.hold.*}). The defaults are written out, with what
 * each means, in {@code application.yaml} (relink.hold): the one place they are set.
 *
 * @param window         the sliding window new broken links are counted in
 * @param minLinks       a spike needs at least this many new broken links of one reason in the window
 * @param factor         ... and at least this many times the institution's own baseline for a window
 * @param baselinePeriod the institution's past this long before the window is its baseline
 * @param minHistory     a baseline needs the institution's first incident at least this long before the
 *                       window (a fresh install's first poll lists a backlog, not a spike)
 * @param reasons        per reason, what a spike does: {@code hold} or {@code alert} (a reason not named: hold)
 * @param deferSteps     while its institution is on hold, a prompting incident's next step waits this long, again and again
 * @param manualRelease  institutions whose holds only a person ends: Belvo reporting them healthy again releases nothing
 */
@Validated
@ConfigurationProperties("relink.hold")
record HoldSettings(
        @NotNull Duration window,
        @Min(1) int minLinks,
        @Positive double factor,
        @NotNull Duration baselinePeriod,
        @NotNull Duration minHistory,
        @NotNull Map<String, SpikeAction> reasons,
        @NotNull Duration deferSteps,
        List<String> manualRelease) {

    /** What a spike of one reason does. */
    enum SpikeAction {
        /** the institution goes on hold */
        HOLD,
        /** counted and logged (metric relink.institution.spikes), prompts go on */
        ALERT
    }

    SpikeAction actionFor(String reason) {
        return reasons.getOrDefault(reason, SpikeAction.HOLD);
    }

    boolean releasesByHand(String institution) {
        return manualRelease != null && manualRelease.contains(institution);
    }
}
