package dev.relink.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMTP for prompts ({@code relink.mail.*}). The password is only handed to the mail component.
 * {@code connections} SMTP connections are kept open and shared by the sends ({@link PooledMailSender});
 * one idle for {@code idleTimeout} is closed. A message the server answers 4xx (busy, throttled) is
 * tried again, more slowly, for {@code busyPatience} before it fails like any other.
 */
@ConfigurationProperties("relink.mail")
public record MailSettings(
        String host,
        @DefaultValue("25") int port,
        String username,
        String password,
        @DefaultValue("Relink <relink@localhost>") String from,
        String replyTo,
        @DefaultValue("false") boolean starttls,
        @DefaultValue("false") boolean ssl,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("30s") Duration writeTimeout,
        @DefaultValue("4") int connections,
        @DefaultValue("30s") Duration idleTimeout,
        @DefaultValue("1h") Duration busyPatience) {

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", username=" + username + ", password=****, from="
                + from + ", starttls=" + starttls + ", ssl=" + ssl + ", connections=" + connections + "]";
    }
}
