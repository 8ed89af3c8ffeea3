package dev.relink.inapp;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Prepares one POST to the app's webhook: body, Standard Webhooks headers and target. Called on every
 * attempt, so each retry carries a fresh timestamp and signature under the same {@code webhook-id}
 * (receivers reject stale timestamps; a signature computed hours earlier would fail).
 */
@Component("appWebhookSender")
class AppWebhookSender {

    static final String TARGET = "appWebhookTarget";

    private final AppWebhookProperties properties;
    private final Clock clock;

    AppWebhookSender(AppWebhookProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public void prepare(Exchange exchange, AppEvents.AppEvent event) {
        long timestamp = clock.instant().getEpochSecond();
        // Camel's redelivery bookkeeping lives in Camel* headers: keep them; the message comes from the
        // outbox (never from an HTTP request), so no inbound header can steer the call.
        var message = exchange.getMessage();
        message.setBody(event.payload());
        message.setHeader("webhook-id", event.eventId());
        message.setHeader("webhook-timestamp", String.valueOf(timestamp));
        message.setHeader("webhook-signature",
                new StandardWebhookSignature(properties.secret()).sign(event.eventId(), timestamp, event.payload()));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        long timeout = properties.timeout().toMillis();
        message.setHeader(TARGET, properties.url() + (properties.url().getQuery() == null ? "?" : "&")
                + "connectTimeout=" + timeout + "&responseTimeout=" + timeout);
    }
}
