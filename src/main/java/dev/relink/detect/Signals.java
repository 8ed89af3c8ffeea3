package dev.relink.detect;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;

/** Turns what each source saw into a {@link Signal}, and small helpers the detect routes call by name. */
@Component("signals")
class Signals {

    /** A LINK webhook ({@code invalid_credentials} or {@code token_required}) as a signal. */
    public Signal fromWebhook(InboxEvent event) {
        String reason = "token_required".equals(event.webhookCode()) ? Signal.TOKEN_REQUIRED : Signal.INVALID_CREDENTIALS;
        return new Signal(event.linkId(), event.externalId(), null, reason, Signal.WEBHOOK, event.webhookId(),
                event.requestId());
    }

    /** A link the poll listed as broken, or null when its status needs nobody after all. */
    public Signal fromPolledLink(Link link) {
        String reason = Signal.reasonForLinkStatus(link.status());
        return reason == null ? null
                : new Signal(link.id(), link.externalId(), link.institution(), reason, Signal.POLL, null, null);
    }

    /** True when a webhook's link_id is not a Belvo link id ({@link Link#isId}): it is ignored, with that reason. */
    public boolean isNotALinkId(String linkId) {
        return !Link.isId(linkId);
    }

    /** A Belvo list filter for {@code direct:belvo.list-links}, e.g. {@code query('status__in', 'invalid,token_required')}. */
    public Map<String, String> query(String name, String value) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put(name, value);
        return query;
    }
}
