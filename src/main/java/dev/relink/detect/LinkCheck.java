package dev.relink.detect;

import dev.relink.belvo.Link;

/** One incident of a re-check batch and what Belvo said about its link: {@code link} null when Belvo does not know it. */
public record LinkCheck(String incidentId, String linkId, Link link) {
}
