package dev.relink.deadletter;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Component;

/**
 * Keeps secrets out of dead letters. Headers whose name says secret are dropped whole; the values of
 * every configured secret (any setting whose name says secret, password, token, key or
 * authorization: Belvo keys, API key, webhook authorization, Twilio token, SMTP password, signing
 * keys) and any credentials after {@code Basic}/{@code Bearer} are masked wherever they appear.
 */
@Component
class Secrets {

    static final String MASK = "****";

    private static final List<String> SECRET_WORDS = List.of("secret", "password", "token", "key", "auth");
    private static final Pattern CREDENTIALS = Pattern.compile("(?i)\\b(Basic|Bearer)\\s+[A-Za-z0-9._~+/=-]+");
    /** Shorter configured values ("true", "5") would mask ordinary words; no real secret is this short. */
    private static final int MIN_SECRET_LENGTH = 8;

    private final List<String> values;

    Secrets(ConfigurableEnvironment environment) {
        Set<String> found = new LinkedHashSet<>();
        environment.getPropertySources().forEach(source -> {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (isSecretName(name)) {
                        String value = environment.getProperty(name);
                        if (value != null && value.length() >= MIN_SECRET_LENGTH) {
                            found.add(value);
                        }
                    }
                }
            }
        });
        // the longest first, so that a secret containing another is masked whole
        this.values = found.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Authorization, and anything whose name contains secret, password, token, key or auth. */
    static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = CREDENTIALS.matcher(text).replaceAll("$1 " + MASK);
        for (String value : values) {
            masked = masked.replace(value, MASK);
        }
        return masked;
    }
}
