package dev.relink.config;

import java.util.List;

/** Startup failure that names every secret a deployment must not run on, and how to make a good one. */
public class UnsafeSecretsException extends RefusedStartException {

    private final List<String> problems;

    UnsafeSecretsException(List<String> profiles, List<String> problems) {
        super("Relink cannot start with profile " + profiles + ": unsafe secrets " + String.join("; ", problems)
                + ". Generate each with: openssl rand -base64 32 (the webhook authorization is 'Bearer ' and that "
                + "value, entered in Belvo's dashboard too)");
        this.problems = List.copyOf(problems);
    }

    @Override
    String action() {
        return SET_THE_KEYS;
    }

    public List<String> problems() {
        return problems;
    }
}
