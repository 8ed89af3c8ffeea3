package dev.relink.repair;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the repair page behaves ({@code relink.repair.*}; the signing settings are read by
 * {@link RepairTokens}, the URL settings by {@link RepairLinks}).
 *
 * @param widgetScriptUrl the Connect widget script the page loads; its origin is the only foreign
 *        origin the page's Content-Security-Policy allows
 * @param widgetFrameOrigins origins the widget script may open frames from (Belvo's widget draws
 *        itself in an iframe served from its own host); allowed in {@code frame-src} only
 * @param eventsPerMinute widget callbacks accepted per token and minute; more get 429
 * @param maxEventBytes largest callback body accepted; larger gets 413
 * @param widgetTokenWait how long a user waits for Belvo's widget token before the "try again" page
 * @param retryAfter the {@code Retry-After} of that page
 * @param maxTokenMints Belvo tokens (widget or portal) the page's button may mint per incident and window;
 *        more get the "try again later" page, without a Belvo call
 * @param tokenMintWindow the window {@code maxTokenMints} counts in
 */
@Validated
@ConfigurationProperties("relink.repair")
public record RepairPageProperties(
        @NotNull @DefaultValue("https://cdn.belvo.io/belvo-widget-1-stable.js") URI widgetScriptUrl,
        @DefaultValue("https://widget.belvo.io") List<URI> widgetFrameOrigins,
        @DefaultValue("30") @Min(1) int eventsPerMinute,
        @DefaultValue("16384") @Min(256) @Max(1048576) int maxEventBytes,
        @DefaultValue("8s") Duration widgetTokenWait,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("5") @Min(1) int maxTokenMints,
        @DefaultValue("1h") Duration tokenMintWindow) {

    /**
     * {@code scheme://host[:port]} of the widget script, as CSP writes an origin, or null when the
     * script is served by this hub (a path such as the local stand-in), which {@code 'self'} covers.
     */
    String widgetScriptOrigin() {
        return widgetScriptUrl.isAbsolute() ? origin(widgetScriptUrl) : null;
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
