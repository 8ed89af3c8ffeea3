package dev.relink.detect;

import dev.relink.belvo.Link;

/**
 * An incident whose link Belvo is to be asked about before anyone is prompted (or again, because
 * fresh data arrived for it). {@code listed}: the link as Belvo's listing showed it moments ago, so
 * it needs no read of its own; null when it must be read.
 */
public record Recheck(String incidentId, String linkId, Link listed) {
}
