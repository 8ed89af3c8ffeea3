package dev.relink.config;

import java.util.List;

/**
 * Startup failure: outside {@code local}, prompts would go to the SMTP server in the clear. Each email
 * carries a live repair link, and the SMTP login goes with them.
 */
public class PlainSmtpOutsideLocalException extends RefusedStartException {

    static final String STARTTLS = "relink.mail.starttls";
    static final String SSL = "relink.mail.ssl";
    static final String ALLOW_PLAIN = "relink.mail.allow-plain-smtp";

    PlainSmtpOutsideLocalException(List<String> profiles) {
        super("Relink cannot start with profile " + profiles + ": email would go to the SMTP server in plain text, "
                + "repair links and the SMTP password readable on the way: neither "
                + MissingSettingsException.withEnvName(STARTTLS) + " nor " + MissingSettingsException.withEnvName(SSL)
                + " is true");
    }

    @Override
    String action() {
        return "Set " + STARTTLS + "=true (STARTTLS, usually port 587) or " + SSL + "=true (SMTPS, usually port 465). "
                + "Only for an SMTP server on this host or a network nobody else reaches, set " + ALLOW_PLAIN + "=true.";
    }
}
