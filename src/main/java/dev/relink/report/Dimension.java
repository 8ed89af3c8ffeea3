package dev.relink.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the report groups incidents by. Each incident counts once in every grouping: by what it is
 * (institution, reason, the week it was detected in) or by the prompt it is attributed to
 * ({@link Journey#attributedPrompt()}: channel, step, locale, template variant; {@code none} when it was
 * never prompted).
 */
public enum Dimension {

    CHANNEL("channel", prompt(Journey.Prompt::channel)),
    STEP("step", prompt(prompt -> Integer.toString(prompt.step()))),
    LOCALE("locale", prompt(Journey.Prompt::locale)),
    TEMPLATE_VARIANT("template_variant", prompt(Journey.Prompt::templateVariant)),
    INSTITUTION("institution", Journey::institution),
    REASON("reason", Journey::reason),
    WEEK("week", journey -> weekOf(journey.detectedAt()));

    static final String NONE = "none";

    private final String key;
    private final Function<Journey, String> group;

    Dimension(String key, Function<Journey, String> group) {
        this.key = key;
        this.group = group;
    }

    /** The name the API, CSV and console use ({@code ?by=}). */
    public String key() {
        return key;
    }

    /** The group the incident falls in. */
    String groupOf(Journey journey) {
        String value = group.apply(journey);
        return value == null || value.isBlank() ? "unknown" : value;
    }

    public static Optional<Dimension> named(String key) {
        return Arrays.stream(values()).filter(dimension -> dimension.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Dimension::key).toList();
    }

    /** The ISO week (Monday to Sunday, UTC) an instant falls in, e.g. {@code 2026-W49}: the weekly cohort. */
    static String weekOf(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return String.format("%d-W%02d", utc.get(IsoFields.WEEK_BASED_YEAR), utc.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static Function<Journey, String> prompt(Function<Journey.Prompt, String> field) {
        return journey -> journey.attributedPrompt().map(field).orElse(NONE);
    }
}
