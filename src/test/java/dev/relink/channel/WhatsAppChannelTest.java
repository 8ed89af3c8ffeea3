package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.relink.contact.Contact;

/** Whom WhatsApp reaches, and the approved template a prompt becomes. */
class WhatsAppChannelTest {

    private final WhatsAppChannel whatsapp = new WhatsAppChannel();

    @Test
    void reachesOnlyAPhoneWhoseOwnerOptedIn() {
        assertThat(whatsapp.address(contact("+5215512345678", Instant.parse("2026-11-20T10:00:00Z"))))
                .isEqualTo("whatsapp:+5215512345678");
        assertThat(whatsapp.address(contact("+5215512345678", null))).as("no opt-in, no WhatsApp").isNull();
        assertThat(whatsapp.address(contact(null, Instant.parse("2026-11-20T10:00:00Z")))).isNull();
        assertThat(whatsapp.masked("whatsapp:+5215512345678")).isEqualTo("whatsapp:+52*******5678");
    }

    @Test
    void aPromptIsTheTemplatesContentSidAndItsVariablesAsTwilioTakesThem() throws Exception {
        Message message = whatsapp.compose(part("\ncontent-sid=HXabc\n1=Banco \"Uno\"\n2=tok.en\n"));

        JsonNode content = new ObjectMapper().readTree(message.text());
        assertThat(content.path("ContentSid").asText()).isEqualTo("HXabc");
        JsonNode variables = new ObjectMapper().readTree(content.path("ContentVariables").asText());
        assertThat(variables.path("1").asText()).isEqualTo("Banco \"Uno\"");
        assertThat(variables.path("2").asText()).isEqualTo("tok.en");
        assertThat(message.template()).isEqualTo("token_required/es/whatsapp");
    }

    @Test
    void aPartWithoutAContentSidIsRefused() {
        assertThatThrownBy(() -> whatsapp.compose(part("1=Banco\n"))).hasMessageContaining("content-sid=HX");
        assertThatThrownBy(() -> whatsapp.compose(part("content-sid=HXabc\njust text\n"))).hasMessageContaining("name=value");
    }

    private static Contact contact(String phone, Instant optIn) {
        return new Contact("user-1", null, null, phone, null, null, null, null, optIn, null, null);
    }

    private static TemplateSet part(String content) {
        return new TemplateSet() {
            @Override
            public Rendered text(String part) {
                return new Rendered("token_required/es/" + part, content);
            }

            @Override
            public Rendered html(String part) {
                throw new AssertionError("WhatsApp renders no HTML");
            }
        };
    }
}
