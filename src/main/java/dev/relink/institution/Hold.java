package dev.relink.institution;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One hold of an institution: since when, why ({@code cause} {@code spike}: {@code spike_links} new
 * broken links of {@code spike_reason} in the window against a baseline of {@code spike_baseline};
 * {@code belvo_down}: Belvo reported it down), what Belvo last said of it, and, once it ended, when
 * and how ({@code released}, {@code closed_bank_side}, {@code bank_back}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hold(
        String id,
        String institution,
        @JsonProperty("held_at") OffsetDateTime heldAt,
        String cause,
        @JsonProperty("spike_reason") String spikeReason,
        @JsonProperty("spike_links") Long spikeLinks,
        @JsonProperty("spike_baseline") Double spikeBaseline,
        @JsonProperty("belvo_status") String belvoStatus,
        @JsonProperty("belvo_read_at") OffsetDateTime belvoReadAt,
        @JsonProperty("ended_at") OffsetDateTime endedAt,
        @JsonProperty("ended_how") String endedHow) {

    public static final String SPIKE = "spike";
    public static final String BELVO_DOWN = "belvo_down";
    public static final String RELEASED = "released";
    public static final String CLOSED_BANK_SIDE = "closed_bank_side";
    public static final String BANK_BACK = "bank_back";

    /** Why, in a sentence for the console and the timeline. */
    @JsonProperty("why")
    public String why() {
        String belvo = belvoStatus == null ? "Belvo's status not read" : "Belvo reports it " + belvoStatus;
        if (SPIKE.equals(cause)) {
            return "%d new %s links within the window, against a baseline of %.1f; %s".formatted(spikeLinks,
                    spikeReason, spikeBaseline, belvo);
        }
        return belvo;
    }
}
