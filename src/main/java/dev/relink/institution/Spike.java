package dev.relink.institution;

/**
 * A spike of one reason at one institution: {@code links} new broken links in the window against a
 * baseline of {@code baselinePerWindow} for a window of that length, and what the reason's policy does.
 */
public record Spike(String reason, long links, double baselinePerWindow, HoldSettings.SpikeAction action) {

    public boolean holds() {
        return action == HoldSettings.SpikeAction.HOLD;
    }
}
