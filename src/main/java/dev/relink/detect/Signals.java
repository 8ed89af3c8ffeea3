package dev.relink.detect;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;
import dev.relink.incident.Signal;

/**
 * Turns what each source saw into a {@link Signal}, as the signal table ({@link SignalTable},
 * {@code templates/signals.yaml}) says, and small helpers the detect routes call by name.
 */
@Component("signals")
class Signals {

    private final SignalTable table;

    Signals(SignalTable table) {
        this.table = table;
    }

    /** A webhook as a signal, or null when it names no Belvo link or the table says the user need not act. */
    public Signal fromWebhook(InboxEvent event) {
        String reason = Link.isId(event.linkId()) ? table.forWebhook(event.webhookType(), event.webhookCode()) : null;
        return reason == null ? null
                : new Signal(event.linkId(), event.externalId(), null, reason, Signal.WEBHOOK, event.webhookId(),
                        event.requestId());
    }

    /** A link the poll listed, or null when the table says its status needs nobody. */
    public Signal fromPolledLink(Link link) {
        String reason = table.forStatus(link.status());
        return reason == null ? null
                : new Signal(link.id(), link.externalId(), link.institution(), reason, Signal.POLL, null, null);
    }

    /** True when a webhook's link_id is not a Belvo link id ({@link Link#isId}): it is ignored, with that reason. */
    public boolean isNotALinkId(String linkId) {
        return !Link.isId(linkId);
    }

    /** The poll's filter for {@code direct:belvo.list-links}: the link statuses the signal table acts on. */
    public Map<String, String> pollQuery() {
        return Map.of("status__in", String.join(",", table.pollStatuses()));
    }
}
