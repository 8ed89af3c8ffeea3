package dev.relink.belvo;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * No message header of the caller's goes to Belvo (a flow's {@code linkId}, {@code incidentId} or an
 * inbound {@code Authorization} is none of Belvo's business), and of Belvo's answer only what the
 * error mapping reads comes back.
 */
@Component("belvoHeaders")
public class BelvoHeaders implements HeaderFilterStrategy {

    private static final Set<String> FROM_BELVO = Set.of("retry-after", "content-type");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !FROM_BELVO.contains(headerName.toLowerCase());
    }
}
