package dev.relink.institution;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A hold as ops see it: the hold, and how many of the institution's incidents it holds, per reason. */
public record HoldView(@JsonUnwrapped Hold hold, @JsonProperty("held_links") long heldLinks,
        @JsonProperty("held_by_reason") Map<String, Long> heldByReason) {
}
