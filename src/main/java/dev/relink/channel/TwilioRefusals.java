package dev.relink.channel;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ExchangeProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.relink.contact.ContactStore;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;

/**
 * What Twilio's refusal of a prompt means for the person, whether Twilio answered the send with it
 * (routes/channel-sms.yaml) or reported it later in a status callback ({@code ErrorCode}): 21610, the
 * recipient unsubscribed (replied STOP), opts the contact out of that channel, so the ladder prompts
 * them elsewhere and never retries there; 63003 (not on WhatsApp) and 63016 (template refused) send
 * the same step on the next channel that reaches them ({@link DeliveryRefused}).
 */
@Component("twilioRefusals")
public class TwilioRefusals {

    static final String UNSUBSCRIBED = "21610";
    private static final Map<String, String> OTHER_CHANNEL_NEEDED = Map.of(
            "63003", "not on WhatsApp", "63016", "template refused");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deliveries deliveries;
    private final IncidentQueries queries;
    private final IncidentLifecycle incidents;
    private final ContactStore contacts;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TwilioRefusals(Deliveries deliveries, IncidentQueries queries, IncidentLifecycle incidents, ContactStore contacts,
            Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.deliveries = deliveries;
        this.queries = queries;
        this.incidents = incidents;
        this.contacts = contacts;
        this.clock = clock;
    }

    /** Twilio's 4xx answer to the send of delivery {@code deliveryId} (its JSON body: {@code code}, {@code message}). */
    public void answered(@ExchangeProperty("deliveryId") long deliveryId, String answer) {
        String code;
        try {
            code = JSON.readTree(answer).path("code").asText();
        } catch (JsonProcessingException notJson) {
            return;
        }
        refused(deliveryId, code);
    }

    /** A status callback's {@code ErrorCode} for the message Twilio knows as {@code sid}, when it failed. */
    void reported(String sid, String status, String errorCode) {
        if (errorCode != null && !errorCode.isBlank() && Deliveries.PROVIDER_FAILURES.contains(status)) {
            deliveries.idOf(sid).ifPresent(id -> refused(id, errorCode.strip()));
        }
    }

    private void refused(long deliveryId, String code) {
        if (OTHER_CHANNEL_NEEDED.containsKey(code)) {
            deliveries.row(deliveryId).ifPresent(delivery -> {
                incidents.note(delivery.incidentId(), "prompt_refused", delivery.channel() + " to "
                        + delivery.recipientMasked() + ": Twilio answered " + code + " (" + OTHER_CHANNEL_NEEDED.get(code)
                        + "); step " + delivery.step() + " goes out on the next channel that reaches the person");
                events.publishEvent(new DeliveryRefused(delivery.incidentId(), delivery.step(), delivery.channel(), code));
            });
        }
        if (!UNSUBSCRIBED.equals(code)) {
            return;
        }
        deliveries.row(deliveryId).ifPresent(delivery -> queries.find(delivery.incidentId())
                .filter(incident -> incident.externalId() != null)
                .filter(incident -> contacts.optOut(incident.externalId(), delivery.channel(), clock.instant(), null))
                .ifPresent(incident -> incidents.note(incident.id(), "opted_out", delivery.channel() + " to "
                        + delivery.recipientMasked() + ": Twilio answered " + code
                        + " (the person unsubscribed); no more prompts on " + delivery.channel())));
    }
}
