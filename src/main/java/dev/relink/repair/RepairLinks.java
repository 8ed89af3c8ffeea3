package dev.relink.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one place repair URLs come from: {@code <relink.repair.base-url>/repair/<signed token>}.
 * SMS links live shorter ({@code relink.repair.sms-ttl}) than email links ({@code relink.repair.ttl}):
 * a text message is read soon or never, and a phone changes hands more easily than a mailbox.
 */
@Component("repairLinks")
public class RepairLinks {

    /** A repair URL and the moment it stops working (shown to the user in the prompt). */
    public record RepairLink(String url, Instant expiresAt) {

        /** The signed token alone, the URL's last segment (what a WhatsApp template's button URL takes). */
        public String token() {
            return url.substring(url.lastIndexOf('/') + 1);
        }
    }

    private final RepairTokens tokens;
    private final Clock clock;
    private final String baseUrl;
    private final Duration ttl;
    private final Duration smsTtl;

    public RepairLinks(RepairTokens tokens, Clock clock,
            @Value("${relink.repair.base-url}") String baseUrl,
            @Value("${relink.repair.ttl:7d}") Duration ttl,
            @Value("${relink.repair.sms-ttl:2d}") Duration smsTtl) {
        this.tokens = tokens;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.ttl = ttl;
        this.smsTtl = smsTtl;
    }

    /** The URL to put in a prompt sent over {@code channel} ({@code email} or {@code sms}). */
    public String urlFor(String incidentId, String channel) {
        return linkFor(incidentId, channel).url();
    }

    public RepairLink linkFor(String incidentId, String channel) {
        Instant expiresAt = clock.instant().plus("sms".equals(channel) ? smsTtl : ttl);
        return new RepairLink(baseUrl + "/repair/" + tokens.issue(incidentId, expiresAt), expiresAt);
    }
}
