package dev.relink.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The bearer key that guards the admin API under {@code /api/**}. */
@ConfigurationProperties("relink.api")
public record ApiProperties(String key) {

    @Override
    public String toString() {
        return "ApiProperties[key=****]";
    }
}
