package dev.relink.belvo;

import java.time.Instant;

/**
 * A Connect widget access token minted for one link (update mode). Belvo says it lives about ten
 * minutes and dies once the user connects, so it is minted when the user opens the repair page and
 * never stored or mailed.
 */
public record WidgetToken(String access, String refresh, Instant expiresAt) {

    @Override
    public String toString() {
        return "WidgetToken[access=****, refresh=****, expiresAt=" + expiresAt + "]";
    }
}
