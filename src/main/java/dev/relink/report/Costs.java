package dev.relink.report;

import java.math.BigDecimal;
import java.util.Map;

/** What the messages cost ({@code relink.report.cost-per-message.<channel>}, in {@code relink.report.currency}). */
record Costs(Map<String, BigDecimal> perMessage, String currency) {

    Costs {
        perMessage = Map.copyOf(perMessage);
    }

    /** The price of one message on the channel; 0 for a channel without one. */
    BigDecimal perMessage(String channel) {
        return perMessage.getOrDefault(channel, BigDecimal.ZERO);
    }

    /** The incident's messages that went out, priced per channel. */
    BigDecimal of(Journey journey) {
        return journey.prompts().stream().filter(Journey.Prompt::wentOut).map(prompt -> perMessage(prompt.channel()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
