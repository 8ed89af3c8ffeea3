package dev.relink.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The admin API under {@code /api/**}: the bearer key that guards it and the largest request body it
 * reads ({@code max-import-size} for the contacts CSV import, {@code max-body-size} for everything else).
 */
@ConfigurationProperties("relink.api")
public record ApiProperties(String key, @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("5MB") DataSize maxImportSize) {

    @Override
    public String toString() {
        return "ApiProperties[key=****, maxBodySize=" + maxBodySize + ", maxImportSize=" + maxImportSize + "]";
    }
}
