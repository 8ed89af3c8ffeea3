package dev.relink.sandbox;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local profile's SMTP server: GreenMail on {@code relink.sandbox.smtp-port} (the same port as
 * {@code relink.mail.port}), loopback only, accepting any login, keeping every mail for the outbox page.
 */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
class SandboxMailServer {

    @Bean(initMethod = "start", destroyMethod = "stop")
    GreenMail sandboxSmtp(SandboxProperties properties) {
        return new GreenMail(new ServerSetup(properties.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }
}
