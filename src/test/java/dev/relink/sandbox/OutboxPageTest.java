package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.samskivert.mustache.Mustache;

import org.junit.jupiter.api.Test;

/** The outbox page template on its own, with nothing captured yet (the booted test app always has mail). */
class OutboxPageTest {

    @Test
    void anEmptyOutboxSaysSo() throws Exception {
        try (Reader template = new InputStreamReader(
                getClass().getResourceAsStream("/templates/sandbox/outbox.mustache"), StandardCharsets.UTF_8)) {
            String page = Mustache.compiler().compile(template).execute(Map.of(
                    "emails", List.of(), "noEmails", true, "sms", List.of(), "noSms", true));
            assertThat(page).contains("No email yet.").contains("No SMS yet.").doesNotContain("<article");
        }
    }
}
