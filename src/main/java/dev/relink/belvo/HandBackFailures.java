package dev.relink.belvo;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * Route policy of the {@code belvo.*} routes: a failure that the belvo-api policy gave up on goes back
 * to the calling flow as a fresh failure, for that flow's own policy (its dead-letter channel) to
 * handle. Camel otherwise lets only the innermost error handler handle a failure: once belvo-api has
 * retried, the exchange is marked "failure handled" and the caller's dead-letter channel would never
 * see it, so the failure would slip past every flow policy.
 */
@Component("handBackFailures")
public class HandBackFailures extends RoutePolicySupport {

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.getException() != null && exchange.getExchangeExtension().isFailureHandled()) {
            exchange.getExchangeExtension().setFailureHandled(false);
            exchange.getExchangeExtension().setErrorHandlerHandled(null);
            // the calling flow counts its own attempts and picks its own waits
            Message message = exchange.getMessage();
            message.removeHeader(Exchange.REDELIVERY_COUNTER);
            message.removeHeader(Exchange.REDELIVERY_MAX_COUNTER);
            message.removeHeader(Exchange.REDELIVERED);
            message.removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
