package dev.relink.config;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Times and counts every route's exchanges, under the names and tags camel-micrometer's route policy
 * gives them ({@code camel_route_policy_seconds}, {@code camel_exchanges_total|succeeded|failed|
 * failures_handled_total}, tagged {@code routeId}): the dashboards and alerts read these. camel-micrometer
 * 4.22 is not on the Maven Central this project builds from, so this is the part of it Relink used.
 * Camel applies the factory (a bean) to every route, including those swapped in while running.
 */
@Component
class RouteMetrics implements RoutePolicyFactory {

    private final MeterRegistry meters;
    private final Pattern untimed;

    RouteMetrics(MeterRegistry meters, @Value("${camel.metrics.route-policy-exclude-pattern:}") String untimed) {
        this.meters = meters;
        this.untimed = Pattern.compile(untimed);
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camel, String routeId, NamedNode route) {
        boolean timed = untimed.pattern().isEmpty() || !untimed.matcher(routeId).matches();
        return timed ? new Policy(routeId, Tags.of("camelContext", camel.getName(), "kind", "CamelRoute",
                "routeId", routeId, "eventType", "route")) : null;
    }

    /** One route's meters, made once: looking them up in the registry per exchange costs CPU. */
    private final class Policy extends RoutePolicySupport {

        private final String started;
        private final Timer succeededTime;
        private final Timer failedTime;
        private final Counter total;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter failuresHandled;

        Policy(String routeId, Tags tags) {
            started = "relink.route-metrics.started." + routeId; // a route calls others with the same exchange
            succeededTime = Timer.builder("camel.route.policy").tags(tags).tag("failed", "false").register(meters);
            failedTime = Timer.builder("camel.route.policy").tags(tags).tag("failed", "true").register(meters);
            total = meters.counter("camel.exchanges.total", tags);
            succeeded = meters.counter("camel.exchanges.succeeded", tags);
            failed = meters.counter("camel.exchanges.failed", tags);
            failuresHandled = meters.counter("camel.exchanges.failures.handled", tags);
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(started, System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Long begun = exchange.getProperty(started, Long.class);
            boolean failure = exchange.isFailed();
            if (begun != null) {
                (failure ? failedTime : succeededTime).record(System.nanoTime() - begun, TimeUnit.NANOSECONDS);
            }
            total.increment();
            (failure ? failed : succeeded).increment();
            if (exchange.getExchangeExtension().isFailureHandled()) {
                failuresHandled.increment();
            }
        }
    }
}
