package dev.relink.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local Belvo emulator: the demo keys it accepts (the local profile points them at
 * {@code relink.belvo.secret-*}, so Relink talks to it out of the box), the embedded SMTP port,
 * whether demo links are seeded, and how long an MFA session of a 428 stays open.
 */
@ConfigurationProperties("relink.sandbox")
public record SandboxProperties(
        boolean enabled,
        String secretId,
        String secretPassword,
        @DefaultValue("3025") int smtpPort,
        @DefaultValue("true") boolean seedDemoLinks,
        @DefaultValue("9600s") Duration sessionExpiry) {

    @Override
    public String toString() {
        return "SandboxProperties[enabled=" + enabled + ", secretId=****, secretPassword=****, smtpPort=" + smtpPort
                + ", seedDemoLinks=" + seedDemoLinks + ", sessionExpiry=" + sessionExpiry + "]";
    }
}
