package dev.relink.deadletter;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The flow policies' onExceptionOccurred hook: notes how many attempts failed and when the first
 * did. The dead-letter channel removes Camel's redelivery headers before the store sees the
 * exchange, so the count is kept in exchange properties.
 */
@Component("deadLetterAttempts")
class DeadLetterAttempts implements Processor {

    static final String ATTEMPTS = "relinkFailedAttempts";
    static final String FIRST_FAILED_AT = "relinkFirstFailedAt";

    private final Clock clock;

    DeadLetterAttempts(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(ATTEMPTS, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class));
        if (exchange.getProperty(FIRST_FAILED_AT) == null) {
            exchange.setProperty(FIRST_FAILED_AT, clock.instant());
        }
    }
}
