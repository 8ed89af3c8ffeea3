package dev.relink.channel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.hc.core5.http.HttpHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The channels' credentials live in beans, never in endpoint URIs (which Camel logs, shows in
 * metrics and puts in dead letters): the {@code smtp} component carries the SMTP password and the
 * TLS and timeout settings, and sends over the connections of {@link PooledMailSender}; {@code twilioClient} adds Twilio's Basic auth to each request.
 */
@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

    /** Used by {@code smtp:} endpoints in routes/channel-email.yaml: they send through {@link PooledMailSender}. */
    @Bean("smtp")
    MailComponent smtp(MailSettings mail, PooledMailSender sender) {
        MailConfiguration configuration = new MailConfiguration();
        configuration.setHost(mail.host());
        configuration.setPort(mail.port());
        if (mail.username() != null && !mail.username().isBlank()) {
            configuration.setUsername(mail.username());
            configuration.setPassword(mail.password());
        }
        configuration.setConnectionTimeout((int) mail.connectTimeout().toMillis());
        configuration.setAdditionalJavaMailProperties(javaMailProperties(mail));
        configuration.setJavaMailSender(sender);
        return new MailComponent(configuration);
    }

    /** The SMTP connections, kept open between messages; closed (QUIT) when the app stops. */
    @Bean(destroyMethod = "close")
    PooledMailSender pooledMailSender(MailSettings mail) {
        return new PooledMailSender(mail, javaMailProperties(mail));
    }

    static Properties javaMailProperties(MailSettings mail) {
        Properties extra = new Properties();
        extra.setProperty("mail.smtp.connectiontimeout", String.valueOf(mail.connectTimeout().toMillis()));
        extra.setProperty("mail.smtp.timeout", String.valueOf(mail.readTimeout().toMillis()));
        extra.setProperty("mail.smtp.writetimeout", String.valueOf(mail.writeTimeout().toMillis()));
        extra.setProperty("mail.smtp.starttls.enable", String.valueOf(mail.starttls()));
        extra.setProperty("mail.smtp.starttls.required", String.valueOf(mail.starttls()));
        extra.setProperty("mail.smtp.ssl.enable", String.valueOf(mail.ssl()));
        return extra;
    }

    /**
     * The Twilio endpoint's client: Basic auth AccountSid:AuthToken on every request, and none of the
     * HTTP client's own retries (it would repeat a 503 behind the back of policy sms, which owns retries).
     */
    @Bean
    HttpClientConfigurer twilioClient(SmsSettings sms) {
        SmsSettings.Twilio twilio = sms.twilio();
        String credentials = (twilio.accountSid() == null ? "" : twilio.accountSid()) + ":"
                + (twilio.authToken() == null ? "" : twilio.authToken());
        String header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return builder -> builder.disableAutomaticRetries().addRequestInterceptorFirst(
                (request, entity, context) -> request.setHeader(HttpHeaders.AUTHORIZATION, header));
    }
}
