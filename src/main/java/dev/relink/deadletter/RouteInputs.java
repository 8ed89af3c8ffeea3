package dev.relink.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.StreamCache;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * Remembers what each dead-lettering route received. Camel's useOriginalMessage gives the message
 * the whole unit of work started with; a flow reached through {@code direct:} from another flow
 * shares that unit of work, so its dead letter would carry its caller's input and a replay would
 * feed the wrong message to the wrong route. This policy records, at each such route's entry, the
 * body and headers it got (property {@value #PROPERTY}, by route id), and the store uses that.
 */
@Component
class RouteInputs implements RoutePolicyFactory {

    static final String PROPERTY = "relinkRouteInputs";
    static final String STORE_URI = "direct:deadletter.store";

    /** What one route received. */
    record RouteInput(Object body, Map<String, Object> headers) {
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camel, String routeId, NamedNode node) {
        // a route dead-letters when one of its policies does (belvo-failed and batch only add onException clauses)
        if (!(node instanceof RouteDefinition route) || route.getRouteConfigurationId() == null
                || Collections.disjoint(deadLettering(camel), List.of(route.getRouteConfigurationId().split(",")))) {
            return null;
        }
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route route, Exchange exchange) {
                remember(route.getRouteId(), exchange);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static RouteInput of(Exchange exchange, String routeId) {
        Map<String, RouteInput> inputs = exchange.getProperty(PROPERTY, Map.class);
        return inputs == null ? null : inputs.get(routeId);
    }

    @SuppressWarnings("unchecked")
    private static void remember(String routeId, Exchange exchange) {
        // A new map each time: copies of an exchange (split parts, wire taps, seda hand-overs) share
        // their properties' values, so writing into the map they came with would overwrite the
        // input of a sibling running the same route at the same time.
        Map<String, RouteInput> previous = exchange.getProperty(PROPERTY, Map.class);
        Map<String, RouteInput> inputs = previous == null ? new HashMap<>() : new HashMap<>(previous);
        Message message = exchange.getMessage();
        inputs.put(routeId, new RouteInput(copyOf(message.getBody(), exchange), new HashMap<>(message.getHeaders())));
        exchange.setProperty(PROPERTY, inputs);
    }

    /** A cached stream is read by the route, so the record keeps its own copy; other bodies are kept as they are. */
    private static Object copyOf(Object body, Exchange exchange) {
        if (body instanceof StreamCache cache) {
            try {
                return cache.copy(exchange);
            } catch (IOException e) {
                throw new UncheckedIOException("could not keep a copy of the route's input", e);
            }
        }
        return body;
    }

    /** Ids of the route configurations whose error handler ends in the dead-letter store. */
    private static Set<String> deadLettering(CamelContext camel) {
        return ((ModelCamelContext) camel).getRouteConfigurationDefinitions().stream()
                .filter(c -> c.getErrorHandler() != null
                        && c.getErrorHandler().getErrorHandlerType() instanceof DeadLetterChannelDefinition dlc
                        && STORE_URI.equals(dlc.getDeadLetterUri()))
                .map(RouteConfigurationDefinition::getId)
                .collect(Collectors.toSet());
    }
}
