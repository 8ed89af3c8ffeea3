package dev.relink.consent;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relink.consent.*}: Brazil Open Finance consent renewal.
 *
 * @param portalUrl     My Belvo Portal, where the renewal page sends the user
 * @param termsUrl      your terms and conditions, sent in the portal token's {@code widget.consent} when set
 * @param permissions   the consent permissions the portal token names
 * @param watchInterval how often consents whose renewal page was opened are read back
 * @param watchWindow   how long after the page was opened they are (the portal token lives 10 minutes)
 * @param lastReminderBefore how long before a consent's due date its last warning goes, when the ladder's
 *                      next reminder would fall on or after that date ({@code prompt.ConsentReminders})
 */
@ConfigurationProperties("relink.consent")
public record ConsentProperties(
        @DefaultValue("https://meuportal.belvo.com/") URI portalUrl,
        String termsUrl,
        @DefaultValue({"REGISTER", "ACCOUNTS", "CREDIT_CARDS", "CREDIT_OPERATIONS"}) List<String> permissions,
        @DefaultValue("30s") Duration watchInterval,
        @DefaultValue("30m") Duration watchWindow,
        @DefaultValue("24h") Duration lastReminderBefore) {
}
