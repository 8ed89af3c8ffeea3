package dev.relink.inapp;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Relink tells the app about incidents. Unset URL means no events are recorded or sent.
 * The secret follows Standard Webhooks: {@code whsec_<base64>}; any other string is used as raw bytes.
 */
@ConfigurationProperties("relink.app-webhook")
public record AppWebhookProperties(
        URI url,
        String secret,
        @DefaultValue("24h") Duration claimTtl,
        @DefaultValue("10s") Duration timeout) {

    public boolean enabled() {
        return url != null;
    }

    @Override
    public String toString() {
        return "AppWebhookProperties[url=" + url + ", secret=****]";
    }
}
