package dev.relink.detect;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Belvo webhook intake: the exact {@code Authorization} value configured in Belvo's dashboard
 * (Bearer or Basic, compared as a whole) and the largest body accepted.
 */
@ConfigurationProperties("relink.webhooks")
public record WebhookProperties(String authorization, @DefaultValue("256KB") DataSize maxBodySize) {

    @Override
    public String toString() {
        return "WebhookProperties[authorization=****, maxBodySize=" + maxBodySize + "]";
    }
}
