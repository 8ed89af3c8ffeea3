package dev.relink.bounce;

import java.util.Properties;

import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code imap} component of route email.read-bounces: the bounce mailbox's credentials and TLS live
 * here, never in the endpoint URI (which Camel logs and shows in metrics). {@code ssl}: IMAP over TLS
 * (port 993), the default; off only for a local test server.
 */
@Configuration(proxyBeanMethods = false)
class BounceMailbox {

    @Bean("imap")
    MailComponent imap(BounceSettings bounces) {
        MailConfiguration configuration = new MailConfiguration();
        if (bounces.username() != null && !bounces.username().isBlank()) {
            configuration.setUsername(bounces.username());
            configuration.setPassword(bounces.password());
        }
        Properties extra = new Properties();
        extra.setProperty("mail.imap.ssl.enable", String.valueOf(bounces.ssl()));
        extra.setProperty("mail.imap.connectiontimeout", "10000");
        extra.setProperty("mail.imap.timeout", "30000");
        configuration.setAdditionalJavaMailProperties(extra);
        return new MailComponent(configuration);
    }
}
