package dev.relink.config;

/** A start {@link RequiredSettings} refuses: what is wrong, and what to do about it (Spring Boot's startup report). */
public abstract class RefusedStartException extends RuntimeException {

    static final String SET_THE_KEYS = "Set each key in application-<profile>.yaml or as an environment variable, "
            + "or run with the 'local' profile to use the embedded sandbox.";

    RefusedStartException(String message) {
        super(message);
    }

    abstract String action();
}
