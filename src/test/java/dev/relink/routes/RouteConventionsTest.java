package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.support.RelinkIntegrationTest;

/**
 * What ops rely on when they edit routes/*.yaml: every route has a stable id named
 * {@code <capability>.<what>} and names an error policy that exists. Camel itself does not fail on a
 * misspelt routeConfigurationId (the route just runs without the policy), so this test does.
 */
class RouteConventionsTest extends RelinkIntegrationTest {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteHasAStableIdAndAnExistingErrorPolicy() {
        ModelCamelContext model = (ModelCamelContext) camel;
        Set<String> policies = model.getRouteConfigurationDefinitions().stream()
                .map(RouteConfigurationDefinition::getId)
                .collect(Collectors.toSet());
        assertThat(model.getRouteDefinitions()).isNotEmpty();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            assertThat(route.getRouteId()).as("route from %s", route.getInput().getEndpointUri())
                    .matches("[a-z]+\\.[a-z0-9-]+");
            assertThat(route.getRouteConfigurationId()).as("error policy of route %s", route.getRouteId())
                    .isNotBlank();
            assertThat(policies).as("policies named by route %s", route.getRouteId())
                    .contains(route.getRouteConfigurationId().split(","));
        }
    }

    @Test
    void theErrorPoliciesExist() {
        Set<String> policies = ((ModelCamelContext) camel).getRouteConfigurationDefinitions().stream()
                .map(RouteConfigurationDefinition::getId)
                .collect(Collectors.toSet());
        assertThat(policies).contains("belvo-api", "smtp", "sms", "intake", "signals", "rechecks", "ladder", "consent",
                "institution-holds", "app-events", "retention", "belvo-failed", "batch");
    }

    /**
     * A flow policy (the first a route names; belvo-failed and batch only add to it) guards one kind of
     * work: the routes that name it first are all of one capability, so changing its retries for one
     * flow cannot change another capability's.
     */
    @Test
    void eachFlowPolicyGuardsTheRoutesOfOneCapability() {
        Map<String, Set<String>> capabilities = new TreeMap<>();
        for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
            String policy = route.getRouteConfigurationId().split(",")[0].strip();
            capabilities.computeIfAbsent(policy, p -> new TreeSet<>()).add(route.getRouteId().split("\\.")[0]);
        }
        assertThat(capabilities).allSatisfy((policy, guarded) -> assertThat(guarded).as("capabilities policy %s guards", policy)
                .hasSize(1));
        assertThat(capabilities.get("ladder")).containsExactly("prompt");
        assertThat(capabilities.get("rechecks")).containsExactly("detect");
    }
}
