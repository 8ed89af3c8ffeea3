package dev.relink.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One incident's way through the funnel, with the time of each stage: detected (opened), prompted (each
 * prompt: step, channel, locale, template variant, the provider's word on it), the repair page viewed (its
 * first fetch, robots included), started (the first press of its button: a person), the widget's outcome,
 * repaired (Belvo said {@code valid}: the incident closed as resolved), and when the person opted out of a
 * channel. Stages not reached are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Journey(
        @JsonProperty("incident_id") String incidentId,
        String reason,
        String institution,
        @JsonProperty("detected_at") Instant detectedAt,
        List<Prompt> prompts,
        @JsonProperty("page_viewed_at") Instant viewedAt,
        @JsonProperty("started_at") Instant startedAt,
        Widget widget,
        @JsonProperty("repaired_at") Instant repairedAt,
        @JsonProperty("closed_at") Instant closedAt,
        @JsonProperty("opted_out_at") Instant optedOutAt) {

    /** Repaired after a person went through the repair page (pressed its button, or its widget reported success). */
    public static final String REPAIRED = "repaired";
    /** Repaired without anyone pressing the button: elsewhere (the app, the bank, Belvo's own retry). */
    public static final String REPAIRED_WITHOUT_CLICK = "repaired_without_click";
    /** Still broken, still open. */
    public static final String OPEN = "open";
    /** Closed and never repaired: expired after the last reminder, deleted at Belvo, or the person erased. */
    public static final String NEVER = "never";

    /**
     * One prompt: the ladder step, where it went, in which language and variant, what the provider says
     * ({@code status}; for an email also {@code feedback}, its provider's last word) and which provider
     * reports on it ({@link DeliveryStatus#provider}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prompt(int step, String channel, String locale,
            @JsonProperty("template_variant") String templateVariant, String status,
            @JsonProperty("sent_at") Instant sentAt, @JsonProperty("delivered_at") Instant deliveredAt,
            String provider, String feedback) {

        /** The provider took it (a message that failed at once was never sent, nor paid for). */
        @JsonIgnore
        public boolean wentOut() {
            return DeliveryStatus.wentOut(status);
        }

        @JsonProperty("delivered")
        public boolean delivered() {
            return deliveredAt != null;
        }

        /** The provider could not deliver it ({@link DeliveryStatus#BOUNCED}). */
        @JsonIgnore
        public boolean bounced() {
            return DeliveryStatus.bounced(status);
        }

        @JsonIgnore
        public boolean complained() {
            return DeliveryStatus.complained(feedback);
        }
    }

    /** How the widget ended: {@code success} if it ever said so, else {@code error} (with Belvo's code), else {@code exit}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Widget(String outcome, @JsonProperty("error_code") String errorCode, Instant at) {
    }

    public Journey {
        prompts = List.copyOf(prompts);
    }

    /** The same journey with only some of its prompts (the report by provider counts each provider's own). */
    Journey withPrompts(List<Prompt> only) {
        return new Journey(incidentId, reason, institution, detectedAt, only, viewedAt, startedAt, widget, repairedAt,
                closedAt, optedOutAt);
    }

    @JsonProperty("outcome")
    public String outcome() {
        if (repairedAt != null) {
            return startedAt != null || widget != null && "success".equals(widget.outcome()) ? REPAIRED
                    : REPAIRED_WITHOUT_CLICK;
        }
        return closedAt == null ? OPEN : NEVER;
    }

    /** From detection to Belvo's {@code valid}; null while not repaired. */
    @JsonIgnore
    public Duration timeToRepair() {
        return repairedAt == null ? null : Duration.between(detectedAt, repairedAt);
    }

    @JsonProperty("seconds_to_repair")
    Long secondsToRepair() {
        return repairedAt == null ? null : timeToRepair().toSeconds();
    }

    public boolean repairedWithin(Duration window) {
        return repairedAt != null && timeToRepair().compareTo(window) <= 0;
    }

    @JsonIgnore
    public boolean prompted() {
        return prompts.stream().anyMatch(Prompt::wentOut);
    }

    @JsonIgnore
    public boolean delivered() {
        return prompts.stream().anyMatch(Prompt::delivered);
    }

    /**
     * The prompt the incident is counted under when grouped by channel, step, locale or variant: the last
     * one that went out before the repair (or at all, when there was none). Empty: never prompted.
     */
    public Optional<Prompt> attributedPrompt() {
        return prompts.stream()
                .filter(Prompt::wentOut)
                .filter(prompt -> repairedAt == null || !prompt.sentAt().isAfter(repairedAt))
                .max(Comparator.comparing(Prompt::sentAt));
    }
}
