package dev.relink.belvo;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Where Belvo is and how Relink signs in. The secret keys never leave this record except in requests. */
@Validated
@ConfigurationProperties("relink.belvo")
public record BelvoProperties(
        URI baseUrl,
        String secretId,
        String secretPassword,
        @DefaultValue("read_institutions,write_links,read_links") String scopes,
        @DefaultValue("1000") @Min(1) @Max(1000) int pageSize,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout) {

    @Override
    public String toString() {
        return "BelvoProperties[baseUrl=" + baseUrl + ", secretId=****, secretPassword=****, scopes=" + scopes
                + ", pageSize=" + pageSize + "]";
    }
}
