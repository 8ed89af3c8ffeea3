package dev.relink.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The local profile's SMTP server: GreenMail on {@code relink.sandbox.smtp-port} (3025), loopback only,
 * accepting any login, keeping every mail for the outbox page. It starts only when Relink is meant to
 * send to it: {@code relink.mail.host} is this machine (localhost or a loopback address) and
 * {@code relink.mail.port} is {@code relink.sandbox.smtp-port}. Pointed at your own SMTP server (Mailpit
 * on 1025, say), Relink sends there and never binds a port of its own for mail.
 */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
class SandboxMailServer {

    static final int DEFAULT_PORT = 3025;

    @Bean(destroyMethod = "stop")
    @Conditional(Wanted.class)
    GreenMail sandboxSmtp(SandboxProperties properties) {
        int port = properties.smtpPort();
        requireFree(port);
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            smtp.start();
        } catch (RuntimeException failed) {
            requireFree(port); // taken between the check and the start: said the same way
            throw failed;
        }
        return smtp;
    }

    /** GreenMail reports a taken port as a startup timeout; say what it is before it tries. */
    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException taken) {
            throw new SandboxSmtpPortTaken(port);
        }
    }

    /** True when relink.mail.host is loopback and relink.mail.port is relink.sandbox.smtp-port. */
    static final class Wanted implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            Integer mailPort = env.getProperty("relink.mail.port", Integer.class);
            int sandboxPort = env.getProperty("relink.sandbox.smtp-port", Integer.class, DEFAULT_PORT);
            return mailPort != null && mailPort == sandboxPort && isLoopback(env.getProperty("relink.mail.host"));
        }

        private static boolean isLoopback(String host) {
            if (host == null || host.isBlank()) {
                return false;
            }
            if ("localhost".equalsIgnoreCase(host)) {
                return true;
            }
            // Only an address literal is looked at: a host name is never resolved at startup.
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
                return false;
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException notAnAddress) {
                return false;
            }
        }
    }
}
