package dev.relink.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link MissingSettingsException} into Spring Boot's plain startup report instead of a stack trace. */
class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingsException> {

    static final String ACTION = "Set each key in application-<profile>.yaml or as an environment variable, "
            + "or run with the 'local' profile to use the embedded sandbox.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(), ACTION, cause);
    }

    /** The same report for {@link UnsafeSecretsException}. */
    static class ForUnsafeSecrets extends AbstractFailureAnalyzer<UnsafeSecretsException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, UnsafeSecretsException cause) {
            return new FailureAnalysis(cause.getMessage(), ACTION, cause);
        }
    }
}
