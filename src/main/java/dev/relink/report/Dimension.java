package dev.relink.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the report groups incidents by. Each incident counts once in every grouping but one: by what it is
 * (institution, reason, the week it was detected in) or by the prompt it is attributed to
 * ({@link Journey#attributedPrompt()}: channel, step, locale, template variant; {@code none} when it was
 * never prompted). By provider ({@link DeliveryStatus#provider}: the email's provider that reported on it,
 * {@code twilio} for SMS and WhatsApp) an incident counts under each provider of the messages that went
 * out to the person, with only that provider's messages ({@code none}: never prompted): an email SES
 * bounced and the SMS Twilio then delivered put the incident in both rows; the total counts it once.
 */
public enum Dimension {

    CHANNEL("channel", one(prompt(Journey.Prompt::channel))),
    STEP("step", one(prompt(prompt -> Integer.toString(prompt.step())))),
    LOCALE("locale", one(prompt(Journey.Prompt::locale))),
    TEMPLATE_VARIANT("template_variant", one(prompt(Journey.Prompt::templateVariant))),
    INSTITUTION("institution", one(Journey::institution)),
    REASON("reason", one(Journey::reason)),
    WEEK("week", one(journey -> weekOf(journey.detectedAt()))),
    PROVIDER("provider", Dimension::byProvider);

    static final String NONE = "none";

    private final String key;
    private final Function<Journey, Map<String, Journey>> parts;

    Dimension(String key, Function<Journey, Map<String, Journey>> parts) {
        this.key = key;
        this.parts = parts;
    }

    /** The name the API, CSV and console use ({@code ?by=}). */
    public String key() {
        return key;
    }

    /** The groups the incident falls in, each with the part of its journey that group counts. */
    Map<String, Journey> partsOf(Journey journey) {
        return parts.apply(journey);
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

    /** A grouping where the whole incident falls in one group ({@code unknown} when the value is missing). */
    private static Function<Journey, Map<String, Journey>> one(Function<Journey, String> group) {
        return journey -> {
            String value = group.apply(journey);
            return Map.of(value == null || value.isBlank() ? "unknown" : value, journey);
        };
    }

    private static Map<String, Journey> byProvider(Journey journey) {
        Map<String, List<Journey.Prompt>> byProvider = new TreeMap<>();
        journey.prompts().stream().filter(Journey.Prompt::wentOut)
                .forEach(prompt -> byProvider.computeIfAbsent(prompt.provider(), p -> new ArrayList<>()).add(prompt));
        if (byProvider.isEmpty()) {
            return Map.of(NONE, journey);
        }
        Map<String, Journey> parts = new LinkedHashMap<>();
        byProvider.forEach((provider, prompts) -> parts.put(provider, journey.withPrompts(prompts)));
        return parts;
    }
}
