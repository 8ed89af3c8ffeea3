package dev.relink.belvo;

/**
 * Belvo has just described a link: its detail ({@code GET /api/links/{id}/}) or one entry of a
 * listing page. Published (synchronously, on the reading thread) by the one place that turns Belvo's
 * JSON into a {@link Link}, so every read (re-check, poll, repair confirmation, any later bulk read)
 * lets the capabilities that keep facts about links refresh them before the flow goes on.
 */
public record LinkRead(Link link) {
}
