package dev.relink.contact;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where contacts come from besides {@code /api/contacts} ({@code relink.contacts.*}): an optional
 * HTTP lookup in the app, {@code lookup-url} with an {@code {externalId}} placeholder, answering the
 * same JSON as {@code GET /api/contacts/{externalId}} (404 = unknown). Answers, including "unknown",
 * are cached for {@code lookup-cache-ttl}. {@code seed-file}: a contacts CSV loaded at startup (local: the
 * demo users).
 */
@ConfigurationProperties("relink.contacts")
public record ContactSettings(
        String lookupUrl,
        String lookupAuthorization,
        @DefaultValue("10m") Duration lookupCacheTtl,
        @DefaultValue("5s") Duration lookupTimeout,
        @DefaultValue("1000") int lookupCacheSize,
        @DefaultValue("10000") int importMaxRows,
        String seedFile) {

    @Override
    public String toString() {
        return "ContactSettings[lookupUrl=" + lookupUrl + ", lookupAuthorization=****]";
    }
}
