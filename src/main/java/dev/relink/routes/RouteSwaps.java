package dev.relink.routes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.relink.checks.YamlFile;
import dev.relink.detect.RouteSwapping;

/**
 * Replaces the routes of edited files in the running Camel context, after {@link RoutesValidator}
 * passed them: not Camel's own route reload (documented for development, and a reload that fails
 * half-way can leave no routes). Routes that take messages from outside (servlet, timer, Quartz, SEDA)
 * stop first, each letting its messages in flight finish on the old version, then the {@code direct:}
 * routes they call; the new definitions start in their place. A SEDA route's queue is set aside while
 * it stops and handed to its new version: Camel's graceful stop would otherwise wait for the whole queue
 * (a throttled email queue can outlast the stop timeout), then cut off the messages in flight. Callers of a {@code direct:} route wait
 * for its new consumer meanwhile (Camel's {@code block} default), and the webhook servlet answers
 * 503 with Retry-After instead of 404, so nothing is lost. A file that defines error policies also
 * re-creates the routes that name them, and one that defines a {@code routeTemplate} the routes made
 * from it (a {@code templatedRoute} is replaced with the file it is written in).
 */
@Component
public class RouteSwaps implements RouteSwapping {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSwaps.class);

    private final CamelContext camel;
    private volatile boolean inProgress;

    RouteSwaps(CamelContext camel) {
        this.camel = camel;
    }

    /** True while routes are being replaced: the webhook servlet then answers 503 (deliver again), not 404. */
    @Override
    public boolean inProgress() {
        return inProgress;
    }

    /**
     * Replaces the routes (and policies) of {@code changed} file names, which read {@code before} and now
     * read {@code contents} (absent: deleted).
     */
    synchronized List<String> replace(Path routesDir, Set<String> changed, Map<String, String> before,
            Map<String, String> contents) throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        Set<String> policies = new HashSet<>();
        Set<String> templates = new HashSet<>();
        for (String file : changed) {
            for (String text : Arrays.asList(before.get(file), contents.get(file))) {
                policies.addAll(ids(routesDir.resolve(file), text, "routeConfiguration", "id"));
                templates.addAll(ids(routesDir.resolve(file), text, "routeTemplate", "id"));
            }
        }
        List<RouteConfigurationDefinition> oldPolicies = model.getRouteConfigurationDefinitions().stream()
                .filter(policy -> policies.contains(policy.getId())).toList();
        Map<String, String> templatedBefore = templatedRoutes(routesDir, before);
        Set<String> files = new HashSet<>(changed);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.getRouteConfigurationId() != null && List.of(route.getRouteConfigurationId().split(",")).stream()
                    .map(String::strip).anyMatch(policies::contains)) {
                files.add(fileOf(route, templatedBefore));
            }
        }
        // a file whose templated routes a changed template makes is made again with it
        before.forEach((file, text) -> {
            if (!Collections.disjoint(ids(routesDir.resolve(file), text, "templatedRoute", "routeTemplateRef"), templates)) {
                files.add(file);
            }
        });
        List<RouteDefinition> old = model.getRouteDefinitions().stream()
                .filter(route -> files.contains(fileOf(route, templatedBefore)))
                .sorted(Comparator.comparing(route -> route.getInput().getEndpointUri().startsWith("direct:")))
                .toList();
        List<RouteTemplateDefinition> oldTemplates = model.getRouteTemplateDefinitions().stream()
                .filter(template -> files.contains(fileName(template.getResource()))).toList();
        inProgress = true;
        Map<String, List<Exchange>> setAside = new LinkedHashMap<>();
        try {
            for (RouteDefinition route : old) {
                if (camel.getRoute(route.getRouteId()) != null
                        && camel.getRoute(route.getRouteId()).getEndpoint() instanceof SedaEndpoint seda) {
                    seda.getQueue().drainTo(setAside.computeIfAbsent("seda:" + seda.getName(), queue -> new ArrayList<>()));
                }
                camel.getRouteController().stopRoute(route.getRouteId());
            }
            model.removeRouteDefinitions(old);
            model.removeRouteTemplateDefinitions(oldTemplates);
            for (RouteConfigurationDefinition policy : oldPolicies) {
                model.removeRouteConfiguration(policy);
            }
            Map<String, String> templatedNow = templatedRoutes(routesDir, contents);
            List<String> started = new ArrayList<>();
            try {
                for (String file : files.stream().sorted().toList()) {
                    String text = contents.get(file);
                    if (text == null) {
                        continue;
                    }
                    Resource resource = ResourceHelper.fromString("file:" + routesDir.resolve(file), text);
                    for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                        if (changed.contains(file) && builder instanceof RouteConfigurationsBuilder withPolicies) {
                            withPolicies.addRouteConfigurationsToCamelContext(camel);
                        }
                        builder.addRoutesToCamelContext(camel);
                        builder.addTemplatedRoutesToCamelContext(camel);
                    }
                }
                model.getRouteDefinitions().stream().filter(route -> files.contains(fileOf(route, templatedNow)))
                        .forEach(route -> started.add(route.getRouteId()));
                return started;
            } catch (Exception e) {
                LOG.error("Replacing the routes of {} failed; putting the previous ones back", files, e);
                model.removeRouteDefinitions(model.getRouteDefinitions().stream()
                        .filter(route -> files.contains(fileOf(route, templatedNow))).toList());
                model.removeRouteTemplateDefinitions(model.getRouteTemplateDefinitions().stream()
                        .filter(template -> files.contains(fileName(template.getResource()))).toList());
                model.addRouteTemplateDefinitions(oldTemplates);
                model.addRouteConfigurations(oldPolicies);
                model.addRouteDefinitions(old);
                throw e;
            }
        } finally {
            setAside.forEach((queue, exchanges) -> camel.getEndpoint(queue, SedaEndpoint.class).getQueue().addAll(exchanges));
            inProgress = false;
        }
    }

    /** The value of {@code key} in each top-level {@code kind} of a route file: its policies' ids, its templates' ids, ... */
    private static Set<String> ids(Path file, String text, String kind, String key) {
        Set<String> ids = new HashSet<>();
        YamlFile parsed = text == null ? null : YamlFile.parse(file, text, new ArrayList<>());
        if (parsed != null) {
            parsed.items().stream().filter(item -> item.getKeyNode() instanceof ScalarNode name && name.getValue().equals(kind))
                    .forEach(item -> YamlFile.scalar(item.getValueNode(), key).ifPresent(ids::add));
        }
        return ids;
    }

    /** The file each templated route is written in, by route id (Camel keeps no file for the routes a template makes). */
    private static Map<String, String> templatedRoutes(Path routesDir, Map<String, String> texts) {
        Map<String, String> files = new HashMap<>();
        texts.forEach((file, text) -> ids(routesDir.resolve(file), text, "templatedRoute", "routeId").forEach(id -> files.put(id, file)));
        return files;
    }

    private static String fileOf(RouteDefinition route, Map<String, String> templatedRoutes) {
        return route.getResource() == null ? templatedRoutes.getOrDefault(route.getRouteId(), "") : fileName(route.getResource());
    }

    static String fileName(Resource resource) {
        if (resource == null || resource.getLocation() == null) {
            return "";
        }
        String location = resource.getLocation();
        return location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
    }
}
