package dev.relink.contact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Loads {@code relink.contacts.seed-file} (a contacts CSV, same format as the import) once the app is
 * up; the local profile points it at the demo users' contacts. Contacts that already exist are left
 * as they are, so edits made through the API survive a restart. A bad file stops nothing but says why.
 */
@Component
class ContactSeed {

    private static final Logger LOG = LoggerFactory.getLogger(ContactSeed.class);

    private final ContactSettings settings;
    private final ContactStore contacts;
    private final ResourceLoader resources;

    ContactSeed(ContactSettings settings, ContactStore contacts, ResourceLoader resources) {
        this.settings = settings;
        this.contacts = contacts;
        this.resources = resources;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        if (settings.seedFile() == null || settings.seedFile().isBlank()) {
            return;
        }
        String csv;
        try {
            csv = resources.getResource(settings.seedFile()).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read relink.contacts.seed-file " + settings.seedFile(), e);
        }
        ContactCsv.Parsed parsed = ContactCsv.parse(csv, settings.importMaxRows());
        if (!parsed.errors().isEmpty()) {
            LOG.warn("relink.contacts.seed-file {} not loaded: {}", settings.seedFile(), parsed.errors());
            return;
        }
        int added = contacts.saveAll(parsed.contacts().stream()
                .filter(contact -> contacts.stored(contact.externalId()).isEmpty()).toList());
        LOG.info("Seeded {} contact(s) from {}", added, settings.seedFile());
    }
}
