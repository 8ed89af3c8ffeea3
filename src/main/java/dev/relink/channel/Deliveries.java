package dev.relink.channel;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.incident.IncidentLifecycle;

/**
 * The delivery log ({@code prompt_delivery}): one row per ladder step, written when the ladder claims
 * the step ({@code sending}) and updated by the channels' send routes and by provider status callbacks. Each
 * successful send also puts a {@code prompted} event on the incident's timeline.
 */
@Component("deliveries")
public class Deliveries {

    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String FAILED = "failed";
    /** An email its provider bounced for good (a hard bounce): the address does not take mail. */
    public static final String BOUNCED = "bounced";
    /** An email its provider gave up on for now (a soft bounce): the same step goes to the same address later. */
    public static final String SOFT_BOUNCED = "soft_bounced";
    /** A delivery in one of these never reached the person ({@link #FAILED}: given up or refused at once). */
    static final Set<String> PROVIDER_FAILURES = Set.of(FAILED, "undelivered", "canceled", BOUNCED);
    private static final String FAILURE_LIST = "(" + String.join(", ",
            java.util.Collections.nCopies(PROVIDER_FAILURES.size(), "?")) + ")";

    /** WhatsApp's read receipt: the user opened the prompt. */
    static final String READ = "read";

    private final JdbcTemplate jdbc;
    private final IncidentLifecycle incidents;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;

    Deliveries(JdbcTemplate jdbc, IncidentLifecycle incidents, Clock clock, TransactionTemplate tx, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.incidents = incidents;
        this.clock = clock;
        this.meters = meters;
        this.tx = tx;
    }

    /**
     * The row of a ladder step about to be sent ({@code sending}); its id travels with the message. The
     * table's unique (incident_id, step, channel) refuses a second row for the same step on the same
     * channel (DuplicateKeyException); a step refused on one channel may go out on another. A step whose
     * email soft-bounced goes out again on its own row, which is {@code sending} once more. {@code variant}:
     * the template variant of an experiment's arm, {@code default} otherwise.
     */
    public long insert(String incidentId, int step, String channel, String recipientMasked, String template,
            String variant, Instant now) {
        List<Long> softBounced = jdbc.queryForList("select id from prompt_delivery where incident_id = ? and step = ?"
                + " and channel = ? and status = ?", Long.class, incidentId, step, channel, SOFT_BOUNCED);
        if (!softBounced.isEmpty()) {
            long id = softBounced.get(0);
            if (jdbc.update("update prompt_delivery set status = ?, recipient_masked = ?, template = ?,"
                    + " template_variant = ?, error = null, updated_at = ? where id = ? and status = ?",
                    SENDING, recipientMasked, template, variant, at(now), id, SOFT_BOUNCED) == 1) {
                return id;
            }
            throw new DuplicateKeyException("step " + step + " is being sent again elsewhere");
        }
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into prompt_delivery (incident_id, step, channel, recipient_masked,"
                    + " template, status, created_at, updated_at, template_variant) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            ps.setString(1, incidentId);
            ps.setInt(2, step);
            ps.setString(3, channel);
            ps.setString(4, recipientMasked);
            ps.setString(5, template);
            ps.setString(6, SENDING);
            ps.setObject(7, at(now));
            ps.setObject(8, at(now));
            ps.setString(9, variant);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** A step claimed and queued for its channel, not sent yet: whose step it is. */
    public record Queued(long deliveryId, String incidentId, int step) {
    }

    /** The delivery while it waits in its channel's queue ({@code sending}); empty once it went out or failed. */
    public java.util.Optional<Queued> queued(long deliveryId) {
        return jdbc.query("select incident_id, step from prompt_delivery where id = ? and status = ?",
                (rs, n) -> new Queued(deliveryId, rs.getString(1), rs.getInt(2)), deliveryId, SENDING).stream().findFirst();
    }

    /**
     * A queued step taken back before it went out: its row goes, as if the step had never been claimed,
     * so the caps no longer count it and the same step can be claimed again later.
     */
    public boolean withdraw(long deliveryId) {
        return jdbc.update("delete from prompt_delivery where id = ? and status = ?", deliveryId, SENDING) == 1;
    }

    /**
     * The provider accepted the message: its id (Message-ID, Twilio sid) and status are recorded, with
     * the {@code prompted} line on the timeline, in one transaction.
     */
    public void sent(long deliveryId, String providerId, String status) {
        String channel = tx.execute(s -> record(new Sent(deliveryId, providerId, status == null ? SENT : status,
                clock.instant())));
        if (channel != null) {
            count(channel, SENT);
        }
    }

    private record Sent(long deliveryId, String providerId, String status, Instant at) {
    }

    /** The sent message's channel, or null when no delivery has its id. */
    private String record(Sent sent) {
        jdbc.update("update prompt_delivery set status = ?, provider_id = ?, error = null, updated_at = ? where id = ?",
                sent.status(), sent.providerId(), at(sent.at()), sent.deliveryId());
        return row(sent.deliveryId()).map(d -> {
            incidents.note(d.incidentId(), "prompted", d.channel() + " to " + d.recipientMasked() + " (step "
                    + d.step() + ", template " + d.template() + ", delivery " + sent.deliveryId() + ")");
            return d.channel();
        }).orElse(null);
    }

    /** The send gave up (after the retries of its policy) or the provider refused it. */
    public void failed(long deliveryId, String error) {
        Instant now = clock.instant();
        String cut = error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
        int updated = jdbc.update("update prompt_delivery set status = ?, error = ?, updated_at = ? where id = ?"
                + " and status = ?", FAILED, cut, at(now), deliveryId, SENDING);
        if (updated == 1) {
            row(deliveryId).ifPresent(d -> {
                incidents.note(d.incidentId(), "prompt_failed", d.channel() + " step " + d.step() + ": " + cut);
                count(d.channel(), FAILED);
            });
        }
    }

    /**
     * A provider's later word on a message (Twilio status callback: {@code delivered}, {@code undelivered},
     * WhatsApp's {@code read}, ...). False when no delivery has that id.
     */
    public boolean providerStatus(String providerId, String status, String errorCode) {
        Instant now = clock.instant();
        String error = errorCode == null || errorCode.isBlank() ? null : "provider error " + errorCode;
        int updated = jdbc.update("update prompt_delivery set status = ?, error = coalesce(?, error), updated_at = ?"
                + " where provider_id = ?", status, error, at(now), providerId);
        if (updated > 0) {
            jdbc.queryForList("select channel from prompt_delivery where provider_id = ?", String.class, providerId)
                    .forEach(channel -> count(channel, status));
        }
        if (updated > 0 && READ.equals(status)) {
            // the repair funnel counts it (IncidentFunnel: read)
            jdbc.queryForList("select incident_id from prompt_delivery where provider_id = ?", String.class, providerId)
                    .forEach(incident -> incidents.note(incident, "prompt_read", "the user read the prompt"));
        }
        if (updated > 0 && PROVIDER_FAILURES.contains(status)) {
            jdbc.queryForList("select incident_id from prompt_delivery where provider_id = ?", String.class, providerId)
                    .forEach(incident -> incidents.note(incident, "prompt_failed",
                            "provider reports " + status + (error == null ? "" : " (" + error + ")")));
        }
        return updated > 0;
    }

    /**
     * Erasure and retention: the incidents' deliveries keep step, channel, template, status and times (what
     * is counted) and lose where they went, the provider's id for the message (Twilio's sid leads to the
     * number) and the error text (an SMTP refusal may quote the address). In the caller's transaction.
     */
    public void forget(List<String> incidentIds) {
        jdbc.batchUpdate("update prompt_delivery set recipient_masked = null, provider_id = null, error = null"
                + " where incident_id = ?", incidentIds.stream().map(id -> new Object[] {id}).toList());
    }

    /** Erasure: the providers' ids of the incidents' messages (an email's Message-ID), before {@link #forget} drops them. */
    public List<String> providerIds(List<String> incidentIds) {
        return incidentIds.stream().flatMap(id -> jdbc.queryForList("select provider_id from prompt_delivery"
                + " where incident_id = ? and provider_id is not null", String.class, id).stream()).toList();
    }

    /** The channels that failed to deliver step {@code step} of the incident: its next try goes elsewhere. */
    public Set<String> failedChannels(String incidentId, int step) {
        return Set.copyOf(jdbc.queryForList("select channel from prompt_delivery where incident_id = ? and step = ?"
                + " and status in " + FAILURE_LIST, String.class, stepAndFailures(incidentId, step)));
    }

    /**
     * Whether step {@code step} of the incident went out before without reaching the person (it failed on
     * a channel, or its email soft-bounced): its next try is the same prompt again, not one more.
     */
    public boolean triedBefore(String incidentId, int step) {
        Integer tried = jdbc.queryForObject("select count(*) from prompt_delivery where incident_id = ? and step = ?"
                + " and (status = ? or status in " + FAILURE_LIST + ")", Integer.class,
                stepAndFailures(incidentId, step, SOFT_BOUNCED));
        return tried != null && tried > 0;
    }

    /** Whether step {@code step} of the incident went out on some channel (a delivery not failed). */
    public boolean wentOut(String incidentId, int step) {
        Integer others = jdbc.queryForObject("select count(*) from prompt_delivery where incident_id = ? and step = ?"
                + " and status not in " + FAILURE_LIST, Integer.class, stepAndFailures(incidentId, step));
        return others != null && others > 0;
    }

    private static Object[] stepAndFailures(String incidentId, int step, Object... before) {
        List<Object> args = new java.util.ArrayList<>(List.of(incidentId, step));
        args.addAll(List.of(before));
        args.addAll(PROVIDER_FAILURES);
        return args.toArray();
    }

    /**
     * A sent email as its provider's later word finds it: by the Message-ID it went out with. {@code feedback}
     * is the last word recorded for it (null: none yet).
     */
    public record SentEmail(long id, String incidentId, int step, String recipientMasked, String feedback,
            Instant sentAt) {
    }

    /** The email sent with this Message-ID, if Relink sent one. */
    public java.util.Optional<SentEmail> email(String messageId) {
        return jdbc.query("select id, incident_id, step, recipient_masked, feedback, created_at from prompt_delivery"
                + " where provider_id = ? and channel = 'email'", (rs, n) -> new SentEmail(rs.getLong(1), rs.getString(2),
                        rs.getInt(3), rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()),
                messageId).stream().findFirst();
    }

    /**
     * Records the provider's word on an email ({@code feedback}: delivered, delayed, soft_bounced, bounced,
     * complained) with who said it; a bounce also becomes the delivery's status ({@link #BOUNCED} counts as
     * a failure of the step, {@link #SOFT_BOUNCED} lets the step go out again on email), and a delivery
     * report turns {@code sent} into {@code delivered}.
     */
    public void feedback(long deliveryId, String feedback, String provider) {
        Instant now = clock.instant();
        jdbc.update("update prompt_delivery set feedback = ?, feedback_provider = ?, feedback_at = ?,"
                + " status = case when ? in (?, ?) then ? when ? = 'delivered' and status = ? then 'delivered' else status end,"
                + " updated_at = ? where id = ?", feedback, provider, at(now), feedback, BOUNCED, SOFT_BOUNCED, feedback,
                feedback, SENT, at(now), deliveryId);
        count("email", feedback);
    }

    /** The id of the delivery the provider knows as {@code providerId} (a Twilio sid). */
    java.util.Optional<Long> idOf(String providerId) {
        return jdbc.queryForList("select id from prompt_delivery where provider_id = ?", Long.class, providerId).stream()
                .findFirst();
    }

    /**
     * One prompt as the ops console lists it: the step, where it went (masked), and what became of it;
     * {@code feedback}, {@code feedbackProvider}: the email provider's last word on it (delivered, bounced, ...).
     */
    public record Delivery(int step, String channel, String recipientMasked, String template, String status,
            String providerId, String error, OffsetDateTime createdAt, OffsetDateTime updatedAt, String feedback,
            String feedbackProvider) {
    }

    /** The prompts sent for an incident, in ladder order. */
    public List<Delivery> forIncident(String incidentId) {
        return jdbc.query("select step, channel, recipient_masked, template, status, provider_id, error, created_at, "
                + "updated_at, feedback, feedback_provider from prompt_delivery where incident_id = ? order by step, id",
                (rs, n) -> new Delivery(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getString(11)), incidentId);
    }

    /**
     * {@code relink_prompt_deliveries_total{channel, outcome}}: {@code sent} (the provider took it),
     * {@code failed} (given up or refused), then the provider's later word (Twilio: {@code delivered},
     * {@code undelivered}, ...).
     */
    private void count(String channel, String outcome) {
        meters.counter("relink.prompt.deliveries", "channel", channel, "outcome", outcome).increment();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    record Row(String incidentId, int step, String channel, String recipientMasked, String template) {
    }

    /** The delivery of a ladder step by its id. */
    java.util.Optional<Row> row(long id) {
        List<Row> rows = jdbc.query("select incident_id, step, channel, recipient_masked, template from prompt_delivery"
                + " where id = ?", (rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), id);
        return rows.stream().findFirst();
    }
}
