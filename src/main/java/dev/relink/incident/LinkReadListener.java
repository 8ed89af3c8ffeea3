package dev.relink.incident;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;
import dev.relink.belvo.LinkRead;

/**
 * Belvo described a link (any read: re-check, poll, repair confirmation): its open incident takes
 * the external_id and institution it still lacks from Belvo, since a webhook may carry no
 * external_id (Belvo's older payloads) and none names the institution. A value a signal gave is
 * kept: it came from Belvo's own webhook or from the app that owns the user, and the person the
 * ladder started prompting stays the one it reminds. A learned external_id goes on the timeline as
 * {@code external_id} and is announced as an {@link IncidentChanged} of that type, so an incident
 * parked for want of someone to prompt can try again. One indexed read per link read; a write only
 * when something was missing.
 */
@Component
class LinkReadListener {

    private final IncidentStore store;
    private final IncidentLifecycle lifecycle;

    LinkReadListener(IncidentStore store, IncidentLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    @EventListener
    void learn(LinkRead read) {
        Link link = read.link();
        if (link.id() == null) {
            return;
        }
        store.openForLink(link.id()).ifPresent(incident -> {
            if (incident.externalId() == null && hasText(link.externalId())) {
                lifecycle.learnExternalId(incident, link.externalId());
            }
            if (incident.institution() == null && hasText(link.institution())) {
                lifecycle.learnInstitution(incident, link.institution());
            }
        });
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
