package dev.relink.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How the emulator's people answer prompts (set through {@code PUT /sandbox/admin/people}; docs/operations.md
 * "The emulator's people"). For a prompt read on a channel and rendered from a template variant, the
 * most specific rule that matches says how likely its person is to press the repair page's button
 * ({@code start}) and how long after reading they do; once started, the widget names the link's bank, and
 * the most specific rule for channel, variant and that institution says how likely they are to finish
 * ({@code finish}) and how long the widget takes them. Someone who starts and does not finish leaves
 * the widget after that long. Apart from prompts, a broken link is repaired {@code unprompted} (at the
 * bank, in the app) with its probability, that long after the people first saw it broken.
 *
 * <p>Every draw is a function of {@code seed} and what it is about (the prompt, the link), not of the
 * order in which things happen: the same model plays the same people the same way. A delay is drawn
 * uniformly between half and one and a half times the rule's.
 *
 * @param variants how a person tells a template variant apart: its name and a phrase only its messages
 *                 contain (checked in order); a prompt with none of them is {@value #DEFAULT_VARIANT}
 */
public record PeopleModel(long seed, Unprompted unprompted, Map<String, String> variants, List<Rule> rules) {

    public static final String ANY = "*";
    public static final String DEFAULT_VARIANT = "default";

    /** Repairs that need no prompt: {@code probability} per broken link, {@code after} it was first seen broken. */
    public record Unprompted(double probability, Duration after) {

        static final Unprompted NEVER = new Unprompted(0, Duration.ZERO);
    }

    /** One rule; {@value #ANY} (or null) for channel, variant or institution matches every one. */
    public record Rule(String channel, String variant, String institution, double start, double finish,
            Duration startAfter, Duration finishAfter) {

        boolean matches(String channel, String variant, String institution) {
            return is(this.channel, channel) && is(this.variant, variant)
                    && (institution == null ? isAny(this.institution) : is(this.institution, institution));
        }

        /** How many of channel, variant and institution the rule names: the most specific wins. */
        int specificity() {
            return (isAny(channel) ? 0 : 4) + (isAny(variant) ? 0 : 2) + (isAny(institution) ? 0 : 1);
        }

        private static boolean is(String pattern, String value) {
            return isAny(pattern) || pattern.equals(value);
        }

        private static boolean isAny(String pattern) {
            return pattern == null || ANY.equals(pattern);
        }
    }

    /** What one person does next: whether, and how long after the moment before. */
    public record Step(boolean happens, Duration after) {
    }

    /** Nobody answers anything: the emulator before a model is set. */
    public static final PeopleModel NOBODY = new PeopleModel(0, Unprompted.NEVER, Map.of(), List.of());

    public PeopleModel {
        unprompted = unprompted == null ? Unprompted.NEVER : unprompted;
        variants = variants == null ? Map.of() : variants;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The variant a prompt was rendered from, as its words tell it. */
    public String variantOf(String text) {
        return variants.entrySet().stream().filter(variant -> text != null && text.contains(variant.getValue()))
                .map(Map.Entry::getKey).findFirst().orElse(DEFAULT_VARIANT);
    }

    /** Whether the person who read prompt {@code promptKey} presses the button, and how long after reading. */
    public Step start(String promptKey, String channel, String variant) {
        Optional<Rule> rule = rule(channel, variant, null);
        return rule.map(found -> step(promptKey + "/start", found.start(), found.startAfter()))
                .orElse(new Step(false, Duration.ZERO));
    }

    /** Whether a person who started finishes the widget for a link at {@code institution}, and how long it takes. */
    public Step finish(String promptKey, String channel, String variant, String institution) {
        Optional<Rule> rule = rule(channel, variant, institution);
        return rule.map(found -> step(promptKey + "/finish", found.finish(), found.finishAfter()))
                .orElse(new Step(false, Duration.ZERO));
    }

    /** Whether the owner of broken link {@code linkKey} repairs it without a prompt, and how long after. */
    public Step unpromptedRepair(String linkKey) {
        return step(linkKey + "/unprompted", unprompted.probability(), unprompted.after());
    }

    /** True when nobody would ever act: no rule and no unprompted repairs. */
    boolean isNobody() {
        return rules.isEmpty() && unprompted.probability() == 0;
    }

    private Optional<Rule> rule(String channel, String variant, String institution) {
        return rules.stream().filter(rule -> rule.matches(channel, variant, institution))
                .max(Comparator.comparingInt(Rule::specificity));
    }

    private Step step(String key, double probability, Duration mean) {
        SplittableRandom draws = new SplittableRandom(seed ^ fnv(key));
        boolean happens = draws.nextDouble() < probability;
        long millis = mean.toMillis();
        return new Step(happens, Duration.ofMillis(millis / 2 + (millis == 0 ? 0 : draws.nextLong(millis + 1))));
    }

    /** FNV-1a, 64 bits: a stable hash of the key (String.hashCode has only 32). */
    private static long fnv(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }
}
