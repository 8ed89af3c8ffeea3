package dev.relink.detect;

import dev.relink.belvo.Link;
import dev.relink.incident.Incident;

/**
 * One open incident of a re-check batch, what Belvo said about its link ({@code link} null when Belvo
 * does not know it) and the verdict {@code detect.recheck-link} acts on: {@code deleted} (unknown to
 * Belvo), {@code valid}, {@code handoff} (still broken and not yet handed to prompting) or
 * {@code prompting} (still broken, already on the ladder, which re-reads it before each step).
 */
public record LinkCheck(Incident incident, Link link, String verdict) {

    static final String DELETED = "deleted";
    static final String VALID = "valid";
    static final String HANDOFF = "handoff";
    static final String PROMPTING = "prompting";

    static LinkCheck of(Incident incident, Link link) {
        String verdict = link == null ? DELETED
                : link.isValid() ? VALID
                : incident.isAwaitingHandoff() ? HANDOFF
                : PROMPTING;
        return new LinkCheck(incident, link, verdict);
    }
}
