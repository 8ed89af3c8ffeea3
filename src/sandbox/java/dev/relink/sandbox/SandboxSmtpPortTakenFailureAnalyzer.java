package dev.relink.sandbox;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link SandboxSmtpPortTaken} into Spring Boot's plain startup report: one line, no stack trace. */
class SandboxSmtpPortTakenFailureAnalyzer extends AbstractFailureAnalyzer<SandboxSmtpPortTaken> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SandboxSmtpPortTaken cause) {
        return new FailureAnalysis(cause.getMessage(), "Free the port, choose another with relink.sandbox.smtp-port, "
                + "or send to an SMTP server you run: set relink.mail.host and relink.mail.port to it.", cause);
    }
}
