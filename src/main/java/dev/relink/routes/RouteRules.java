package dev.relink.routes;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Relink's own rules for route files, on the YAML as written (so each problem points at the key):
 * every route has an id {@code <capability>.<what>}, unique across the files, and names with
 * {@code routeConfigurationId} an error policy that exists (Camel would run it without one); every
 * {@code {{placeholder}}} resolves from Relink's settings; every Quartz cron parses.
 */
final class RouteRules {

    static final Pattern ROUTE_ID = Pattern.compile("[a-z]+\\.[a-z0-9-]+");
    private static final Pattern CRON_IN_URI = Pattern.compile("[?&]cron=([^&]+)");

    private RouteRules() {
    }

    static void check(List<RouteFile> files, CamelCheck camel, List<Problem> problems) {
        Set<String> policies = new HashSet<>();
        for (RouteFile file : files) {
            for (NodeTuple item : file.items()) {
                if (name(item).equals("routeConfiguration")) {
                    RouteFile.scalar(item.getValueNode(), "id").ifPresent(policies::add);
                }
            }
        }
        Map<String, String> firstSeen = new HashMap<>();
        for (RouteFile file : files) {
            for (NodeTuple item : file.items()) {
                if (name(item).equals("route")) {
                    route(file, item, policies, firstSeen, problems);
                } else if (name(item).equals("from")) {
                    problems.add(file.at(item.getKeyNode(), "a route without 'route:' and 'id' (write '- route: {id: <capability>.<what>, "
                            + "routeConfigurationId: <policy>, from: ...}')"));
                }
            }
            file.eachScalar((key, scalar) -> values(file, key, scalar, camel, problems));
        }
    }

    private static void route(RouteFile file, NodeTuple item, Set<String> policies, Map<String, String> firstSeen,
            List<Problem> problems) {
        Node route = item.getValueNode();
        var id = RouteFile.entry(route, "id");
        if (id.isEmpty() || !(id.get().getValueNode() instanceof ScalarNode idValue)) {
            problems.add(file.at(item.getKeyNode(), "route without an id (Relink's routes are named <capability>.<what>)"));
        } else {
            String value = idValue.getValue();
            if (!ROUTE_ID.matcher(value).matches()) {
                problems.add(file.at(idValue, "route id '" + value + "' is not <capability>.<what> (lower case, e.g. detect.poll-links)"));
            }
            String where = file.path().getFileName() + ":" + idValue.getStartMark().map(m -> m.getLine() + 1).orElse(0);
            String previous = firstSeen.putIfAbsent(value, where);
            if (previous != null) {
                problems.add(file.at(idValue, "duplicate route id '" + value + "' (also at " + previous + ")"));
            }
        }
        var policy = RouteFile.entry(route, "routeConfigurationId");
        if (policy.isEmpty() && !mistyped(route, "routeConfigurationId")) {
            problems.add(file.at(item.getKeyNode(), "route without routeConfigurationId: name its error policy (one of "
                    + new TreeSet<>(policies) + ")"));
        } else if (policy.isPresent() && policy.get().getValueNode() instanceof ScalarNode named) {
            for (String one : named.getValue().split(",")) {
                if (!policies.contains(one.strip())) {
                    problems.add(file.at(named, "routeConfigurationId '" + one.strip() + "' names no error policy (there are "
                            + new TreeSet<>(policies) + "); Camel would run this route without retries or dead letters"));
                }
            }
        }
    }

    /** The key is there with other capitals: the loader reports that one, at its line. */
    private static boolean mistyped(Node mapping, String key) {
        return mapping instanceof org.snakeyaml.engine.v2.nodes.MappingNode map && map.getValue().stream()
                .anyMatch(tuple -> tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equalsIgnoreCase(key));
    }

    /** Whether every {@code cron=} of a resolved Quartz URI parses (a bad one is reported at its own line). */
    static boolean cronsParse(String uri) {
        Matcher inUri = CRON_IN_URI.matcher(uri);
        return !uri.startsWith("quartz:") || !inUri.find() || CronExpression.isValidExpression(inUri.group(1).replace('+', ' '));
    }

    private static void values(RouteFile file, String key, ScalarNode scalar, CamelCheck camel, List<Problem> problems) {
        String value = scalar.getValue();
        String resolved;
        try {
            resolved = value.contains("{{") ? camel.resolve(value) : value;
        } catch (RuntimeException e) {
            problems.add(file.at(scalar, "property placeholder does not resolve: " + CamelCheck.rootMessage(e)));
            return;
        }
        List<String> crons = new ArrayList<>();
        if ("cron".equals(key)) {
            crons.add(resolved);
        }
        if (resolved.startsWith("quartz:")) {
            Matcher inUri = CRON_IN_URI.matcher(resolved);
            if (inUri.find()) {
                crons.add(inUri.group(1).replace('+', ' '));
            }
        }
        for (String cron : crons) {
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                problems.add(file.at(scalar, "invalid Quartz cron '" + cron + "': " + e.getMessage()
                        + " (six or seven fields, seconds first: e.g. '0 0/15 * * * ?')"));
            }
        }
    }

    private static String name(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
    }
}
