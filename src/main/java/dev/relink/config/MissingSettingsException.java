package dev.relink.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Startup failure that names every missing setting and the environment variable that sets it. */
public class MissingSettingsException extends RefusedStartException {

    private final List<String> keys;

    MissingSettingsException(List<String> profiles, List<String> keys) {
        super("Relink cannot start with profile " + profiles + ": missing settings "
                + keys.stream().map(MissingSettingsException::withEnvName).collect(Collectors.joining(", ")));
        this.keys = List.copyOf(keys);
    }

    @Override
    String action() {
        return SET_THE_KEYS;
    }

    public List<String> keys() {
        return keys;
    }

    static String withEnvName(String key) {
        String property = key.split("[ \\[]")[0]; // "a.b (or c.d)", "a.b[0]": the variable is A_B
        return key + " (env " + property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT) + ")";
    }
}
