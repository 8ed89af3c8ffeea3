package dev.relink.inapp;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs just before the app-webhook policy dead-letters a message: an event whose retries are spent
 * is marked {@code dead_letter}, so that only a replay (by ops) sends it again, not an expired claim.
 */
@Component("appEventGivenUp")
class AppEventGivenUp implements Processor {

    private final AppEvents events;

    AppEventGivenUp(AppEvents events) {
        this.events = events;
    }

    @Override
    public void process(Exchange exchange) {
        String eventId = exchange.getProperty("eventId", String.class);
        if (eventId != null) {
            events.deadLettered(eventId);
        }
    }
}
