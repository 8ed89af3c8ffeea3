package dev.relink.config;

import java.util.List;

/**
 * Startup failure: the sandbox switched on outside {@code local}. Its emulator accepts published keys and
 * its admin surface forwards the webhook authorization to any URL it is given.
 */
public class SandboxOutsideLocalException extends RefusedStartException {

    static final String KEY = "relink.sandbox.enabled";

    SandboxOutsideLocalException(List<String> profiles) {
        super("Relink cannot start with profile " + profiles + ": " + MissingSettingsException.withEnvName(KEY)
                + " is true, and the sandbox (Belvo emulator with published keys, its admin endpoints, the outbox) "
                + "is for the local profile only");
    }

    @Override
    String action() {
        return "Remove " + KEY + " (or set it to false), or run with the 'local' profile to try Relink out.";
    }
}
