package dev.relink.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The secrets a deployment must not run on: a value published in this repository (anything with
 * {@code change-me} in it, or the local profile's own value) or one too short to resist guessing. Says
 * which setting and why, never the value.
 */
final class UnsafeSecrets {

    static final String API_KEY = "relink.api.key";
    static final String WEBHOOK_AUTHORIZATION = "relink.webhooks.authorization";
    static final String SIGNING_KEY = "relink.repair.signing-key";
    static final String OPS_PASSWORD = "relink.ops.password";
    static final String METRICS_PASSWORD = "relink.metrics.password";
    static final String PREVIOUS_SIGNING_KEYS = "relink.repair.previous-signing-keys";

    /** Standard Webhooks' {@code whsec_<base64>} form; any other secret is its UTF-8 bytes (inapp.StandardWebhookSignature). */
    private static final String WHSEC = "whsec_";

    static final int MIN_API_KEY_CHARS = 24;
    static final int MIN_SIGNING_KEY_BYTES = 32;
    static final int MIN_OPS_PASSWORD_CHARS = 16;
    static final int MIN_METRICS_PASSWORD_CHARS = 16;
    static final int MIN_WEBHOOK_TOKEN_CHARS = 24;
    /** Standard Webhooks asks for 24 to 64 bytes of key. */
    static final int MIN_APP_WEBHOOK_SECRET_BYTES = 24;

    private UnsafeSecrets() {
    }

    /** One line per unsafe secret: its key, its variable and what is wrong with it. */
    static List<String> find(Environment environment) {
        List<PropertySource<?>> local = localProfile();
        List<String> unsafe = new ArrayList<>();
        check(environment, local, API_KEY, unsafe, value -> value.length() < MIN_API_KEY_CHARS
                ? "is shorter than " + MIN_API_KEY_CHARS + " characters" : null);
        check(environment, local, WEBHOOK_AUTHORIZATION, unsafe, UnsafeSecrets::weakAuthorization);
        UnaryOperator<String> weakSigningKey = value -> value.getBytes(StandardCharsets.UTF_8).length < MIN_SIGNING_KEY_BYTES
                ? "is shorter than " + MIN_SIGNING_KEY_BYTES + " bytes" : null;
        check(environment, local, SIGNING_KEY, unsafe, weakSigningKey);
        // an old key still verifies links until the rotation's grace ends: as guessable as a current one
        List<String> previous = Binder.get(environment).bind(PREVIOUS_SIGNING_KEYS, Bindable.listOf(String.class))
                .orElse(List.of());
        for (int i = 0; i < previous.size(); i++) {
            check(previous.get(i), localValue(local, SIGNING_KEY), PREVIOUS_SIGNING_KEYS + "[" + i + "]", unsafe,
                    weakSigningKey);
        }
        check(environment, local, RequiredSettings.APP_WEBHOOK_SECRET, unsafe, UnsafeSecrets::weakAppWebhookSecret);
        // The ops console's login guards replays of dead letters and the users' contact data.
        check(environment, local, OPS_PASSWORD, unsafe, value -> value.length() < MIN_OPS_PASSWORD_CHARS
                ? "is shorter than " + MIN_OPS_PASSWORD_CHARS + " characters" : null);
        // The scrape credentials open every metric: the routes' traffic, the funnel, the dead letters.
        check(environment, local, METRICS_PASSWORD, unsafe, value -> value.length() < MIN_METRICS_PASSWORD_CHARS
                ? "is shorter than " + MIN_METRICS_PASSWORD_CHARS + " characters" : null);
        return unsafe;
    }

    private static void check(Environment environment, List<PropertySource<?>> local, String key, List<String> unsafe,
            UnaryOperator<String> weakness) {
        String value = environment.getProperty(key);
        if (value != null) {
            check(value, localValue(local, key), key, unsafe, weakness);
        }
    }

    private static void check(String value, String localValue, String key, List<String> unsafe,
            UnaryOperator<String> weakness) {
        String problem = value.toLowerCase(Locale.ROOT).contains("change-me") || value.equals(localValue)
                ? "is a placeholder published in Relink's repository" : weakness.apply(value);
        if (problem != null) {
            unsafe.add(MissingSettingsException.withEnvName(key) + " " + problem);
        }
    }

    /** {@code Bearer x} lets in whoever guesses {@code x}, as an empty value would. */
    private static String weakAuthorization(String value) {
        String[] parts = value.trim().split("\\s+", 2);
        if (parts.length < 2) {
            return "has no token after its scheme (write it as 'Bearer <token>')";
        }
        return parts[1].length() < MIN_WEBHOOK_TOKEN_CHARS
                ? "has a token shorter than " + MIN_WEBHOOK_TOKEN_CHARS + " characters after its scheme" : null;
    }

    private static String weakAppWebhookSecret(String value) {
        byte[] key;
        try {
            key = value.startsWith(WHSEC) ? Base64.getDecoder().decode(value.substring(WHSEC.length()))
                    : value.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "is not base64 after '" + WHSEC + "'";
        }
        return key.length < MIN_APP_WEBHOOK_SECRET_BYTES
                ? "is shorter than " + MIN_APP_WEBHOOK_SECRET_BYTES + " bytes of key" : null;
    }

    private static String localValue(List<PropertySource<?>> local, String key) {
        return local.stream().map(source -> source.getProperty(key)).filter(value -> value != null)
                .map(Object::toString).findFirst().orElse(null);
    }

    /** The local profile's settings, whose secrets are in the README and its startup log for anyone to read. */
    private static List<PropertySource<?>> localProfile() {
        try {
            return new YamlPropertySourceLoader().load("local", new ClassPathResource("application-local.yaml"));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
