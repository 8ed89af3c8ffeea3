package dev.relink.channel;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import dev.relink.contact.Contact;

/**
 * WhatsApp (routes/channel-whatsapp.yaml, through Twilio's Messages API as SMS): to {@code whatsapp:}
 * plus the contact's phone, and only to people who opted in ({@code whatsapp_opt_in_at}). A prompt is
 * a template Meta approved, so Relink sends no text of its own: part {@code whatsapp} names the
 * template's {@code ContentSid} and fills its variables, one {@code name=value} a line:
 * <pre>
 * content-sid=HX...
 * 1={{institution}}
 * 2={{repairToken}}
 * </pre>
 * The message's text is the JSON of {@code ContentSid} and {@code ContentVariables} (itself a JSON
 * string, as Twilio takes it).
 */
@Component
class WhatsAppChannel implements Channel {

    static final String PREFIX = "whatsapp:";
    private static final String CONTENT_SID = "content-sid";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "whatsapp";
    }

    @Override
    public String address(Contact contact) {
        return contact.phone() == null || contact.whatsappOptInAt() == null ? null : PREFIX + contact.phone();
    }

    @Override
    public String masked(String address) {
        return PREFIX + Masking.phone(address.substring(PREFIX.length()));
    }

    @Override
    public Message compose(TemplateSet templates) {
        TemplateSet.Rendered part = templates.text("whatsapp");
        String contentSid = null;
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : part.content().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(part.name() + ": '" + line.strip() + "' is not name=value");
            }
            String name = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (name.equals(CONTENT_SID)) {
                contentSid = value;
            } else {
                variables.put(name, value);
            }
        }
        if (contentSid == null || !contentSid.startsWith("HX")) {
            throw new IllegalArgumentException(part.name() + ": needs a line content-sid=HX... (the approved template's ContentSid)");
        }
        try {
            return new Message(part.name(), null, null, JSON.writeValueAsString(
                    Map.of("ContentSid", contentSid, "ContentVariables", JSON.writeValueAsString(variables))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the ContentVariables of " + part.name(), e);
        }
    }
}
