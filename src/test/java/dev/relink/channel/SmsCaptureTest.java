package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.sandbox.SmsOutbox;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.RelinkHttp;

/** The local profile as a user runs it: SMS prompts land in the sandbox outbox (provider capture). */
class SmsCaptureTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    SmsOutbox outbox;

    @Test
    void smsPromptIsCapturedWithItsRecipientAndRepairUrl() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String phone = "+5215599" + String.valueOf(System.nanoTime()).substring(0, 6);
        RelinkHttp relink = new RelinkHttp(port);
        relink.putContact(user, Map.of("phone", phone, "channel", "sms", "locale", "es"));
        String link = relink.breakLink(user, "erebor_mx_retail", "invalid_credentials");

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.messages().stream().anyMatch(m -> phone.equals(m.to())));
        SmsOutbox.Sms sms = outbox.messages().stream().filter(m -> phone.equals(m.to())).findFirst().orElseThrow();
        assertThat(sms.body()).startsWith("Relink: Tu banco Erebor Bank ya no acepta tu contraseña guardada")
                .contains(relink.base() + "/repair/").doesNotContain(link);
    }

    @Test
    void whatsAppPromptIsCapturedAsItsTemplateToTheWhatsAppAddress() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String phone = "+5215588" + String.valueOf(System.nanoTime()).substring(0, 6);
        RelinkHttp relink = new RelinkHttp(port);
        relink.putContact(user, Map.of("phone", phone, "channel", "whatsapp", "whatsapp_opt_in_at", "2026-11-01T09:30:00Z"));
        relink.breakLink(user, "erebor_mx_retail", "invalid_credentials");

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.messages().stream()
                .anyMatch(m -> ("whatsapp:" + phone).equals(m.to())));
        SmsOutbox.Sms message = outbox.messages().stream().filter(m -> ("whatsapp:" + phone).equals(m.to())).findFirst()
                .orElseThrow();
        assertThat(message.body()).contains("\"ContentSid\":\"HX").contains("Erebor Bank");
    }
}
