package dev.relink.sandbox;

import com.icegreen.greenmail.util.GreenMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.relink.channel.MailSettings;

/**
 * Tells whoever just ran {@code ./mvnw spring-boot:run} where to look, once, when the app is ready.
 * It prints the local profile's demo keys on purpose: they are published in the README and exist only
 * where the sandbox is enabled, never in production.
 */
@Component
@SandboxEnabled
class SandboxStartupLog {

    private static final Logger log = LoggerFactory.getLogger(SandboxStartupLog.class);

    private final SandboxProperties sandbox;
    private final boolean embeddedSmtp;
    private final MailSettings mail;

    SandboxStartupLog(SandboxProperties sandbox, ObjectProvider<GreenMail> embeddedSmtp, MailSettings mail) {
        this.sandbox = sandbox;
        this.embeddedSmtp = embeddedSmtp.getIfAvailable() != null;
        this.mail = mail;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String host = "localhost:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String keys = sandbox.secretId() + ":" + sandbox.secretPassword();
        if (env.getProperty(SandboxApplication.STANDALONE, Boolean.class, false)) {
            log.info("""

                    ==== The Belvo emulator is running on its own (no hub) ====
                      Belvo API:                        http://{}/sandbox/api/  (keys {} / {})
                      Links:                            curl -u {} '{}/sandbox/api/links/'
                      Admin (seed, webhooks):           http://{}/sandbox/admin/...  (docs/operations.md, "Local sandbox")
                      Outbox (captured email):          http://{}/sandbox/outbox
                      Embedded SMTP:                    127.0.0.1:{}
                    """, host, sandbox.secretId(), sandbox.secretPassword(), keys, host, host, host, sandbox.smtpPort());
            return;
        }
        log.info("""

                ==== Relink is running locally (embedded database, Belvo sandbox, mail and SMS capture) ====
                  Outbox (captured email and SMS):  http://{}/sandbox/outbox
                  Ops console:                      http://{}/ops  (login {} / {})
                  Health:                           http://{}/actuator/health
                  Belvo sandbox emulator:           http://{}/sandbox/api/  (demo keys {} / {})
                  Broken demo links:                curl -u {} '{}/sandbox/api/links/?status=invalid'
                  Sandbox admin (seed, webhooks):   http://{}/sandbox/admin/...  (docs/operations.md, "Local sandbox")
                  Webhook intake:                   POST http://{}/webhooks/belvo  with Authorization: {}
                  Admin API key:                    Authorization: Bearer {}  on http://{}/api/...
                  {}
                """, host, host, env.getProperty("relink.ops.username"), env.getProperty("relink.ops.password"), host, host,
                sandbox.secretId(), sandbox.secretPassword(), keys, host, host, host,
                env.getProperty("relink.webhooks.authorization"), env.getProperty("relink.api.key"), host,
                embeddedSmtp ? "Embedded SMTP:                    127.0.0.1:" + sandbox.smtpPort()
                        : "Mail goes to your SMTP server:    " + mail.host() + ":" + mail.port()
                                + "  (relink.mail.host/port; the embedded one is off)");
    }
}
