package dev.relink.routes;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;

/**
 * Relink's own rules for route files, on the YAML as written (so each problem points at the key):
 * every route has an id {@code <capability>.<what>}, unique across the files, and names with
 * {@code routeConfigurationId} an error policy that exists (Camel would run it without one), with
 * {@code belvo-failed} among them when it calls Belvo outside a doTry that catches the failure; a
 * {@code routeTemplate}'s route is held to the same, and a {@code templatedRoute} has such an id, names
 * a template that exists and gives it every parameter it needs and no other (Camel would ignore a
 * misspelt one, and take a second route of the same id without a word); every
 * {@code {{placeholder}}} resolves from Relink's settings (in a template, its parameters aside); every
 * Quartz cron parses.
 */
final class RouteRules {

    static final Pattern ROUTE_ID = Pattern.compile("[a-z]+\\.[a-z0-9-]+");
    /** The policy a route adds when it calls Belvo: a BelvoApiException is dead-lettered at once. */
    static final String BELVO_FAILED = "belvo-failed";
    private static final String BELVO_EXCEPTION = "dev.relink.belvo.BelvoApiException";
    private static final Set<String> SENDS = Set.of("to", "toD", "uri");
    private static final Pattern CRON_IN_URI = Pattern.compile("[?&]cron=([^&]+)");

    private RouteRules() {
    }

    static void check(List<YamlFile> files, CamelCheck camel, List<Problem> problems) {
        Set<String> policies = new HashSet<>();
        Map<String, TemplateParameters> templates = new HashMap<>();
        Map<String, String> templatesSeen = new HashMap<>();
        for (YamlFile file : files) {
            for (NodeTuple item : file.items()) {
                if (name(item).equals("routeConfiguration")) {
                    YamlFile.scalar(item.getValueNode(), "id").ifPresent(policies::add);
                } else if (name(item).equals("routeTemplate")) {
                    YamlFile.entry(item.getValueNode(), "id").filter(id -> id.getValueNode() instanceof ScalarNode).ifPresent(id -> {
                        ScalarNode value = (ScalarNode) id.getValueNode();
                        templates.put(value.getValue(), TemplateParameters.of(item.getValueNode()));
                        unique(file, value, "routeTemplate id", templatesSeen, problems);
                    });
                }
            }
        }
        Map<String, String> firstSeen = new HashMap<>();
        for (YamlFile file : files) {
            for (NodeTuple item : file.items()) {
                switch (name(item)) {
                    case "route" -> {
                        routeId(file, item.getKeyNode(), YamlFile.entry(item.getValueNode(), "id"), "route", firstSeen, problems);
                        policy(file, item.getKeyNode(), item.getValueNode(), policies, problems);
                    }
                    case "routeTemplate" -> template(file, item, policies, problems);
                    case "templatedRoute" -> {
                        routeId(file, item.getKeyNode(), YamlFile.entry(item.getValueNode(), "routeId"), "templatedRoute", firstSeen,
                                problems);
                        templated(file, item, templates, problems);
                    }
                    case "from" -> problems.add(file.at(item.getKeyNode(), "a route without 'route:' and 'id' (write '- route: "
                            + "{id: <capability>.<what>, routeConfigurationId: <policy>, from: ...}')"));
                    default -> {
                    }
                }
                TemplateParameters own = name(item).equals("routeTemplate") ? TemplateParameters.of(item.getValueNode())
                        : TemplateParameters.of(null);
                YamlFile.eachScalar(item.getValueNode(), (key, scalar) -> values(file, key, scalar, own, camel, problems));
            }
        }
    }

    /** The route of a template answers to a route's rules: {@code route:} with its error policy. */
    private static void template(YamlFile file, NodeTuple item, Set<String> policies, List<Problem> problems) {
        var route = YamlFile.entry(item.getValueNode(), "route");
        if (route.isEmpty()) {
            problems.add(file.at(item.getKeyNode(), "routeTemplate without 'route:' (write 'route: {routeConfigurationId: <policy>, "
                    + "from: ...}' under it, so the routes made from it have an error policy)"));
            return;
        }
        policy(file, route.get().getKeyNode(), route.get().getValueNode(), policies, problems);
    }

    /** A templated route names a template there is and gives each of its parameters, no more, no less. */
    private static void templated(YamlFile file, NodeTuple item, Map<String, TemplateParameters> templates, List<Problem> problems) {
        Node route = item.getValueNode();
        var ref = YamlFile.entry(route, "routeTemplateRef");
        if (ref.isEmpty() || !(ref.get().getValueNode() instanceof ScalarNode named)) {
            return; // the schema names the missing key
        }
        TemplateParameters template = templates.get(named.getValue());
        if (template == null) {
            problems.add(file.at(named, "routeTemplateRef '" + named.getValue() + "' names no routeTemplate (there are "
                    + new TreeSet<>(templates.keySet()) + ")"));
            return;
        }
        TemplateParameters given = TemplateParameters.of(route);
        for (String name : given.entries().keySet()) {
            if (!template.entries().containsKey(name)) {
                problems.add(file.at(given.entries().get(name), "routeTemplate " + named.getValue() + " has no parameter '" + name
                        + "' (it has " + template.entries().keySet() + ")"));
            }
        }
        for (String name : template.entries().keySet()) {
            if (template.required(name) && !given.entries().containsKey(name)) {
                problems.add(file.at(item.getKeyNode(), "templatedRoute without parameter '" + name + "' that routeTemplate "
                        + named.getValue() + " needs (add '- {name: " + name + ", value: ...}' to its parameters)"));
            }
        }
    }

    private static void routeId(YamlFile file, Node item, Optional<NodeTuple> id, String kind, Map<String, String> firstSeen,
            List<Problem> problems) {
        if (id.isEmpty() || !(id.get().getValueNode() instanceof ScalarNode idValue)) {
            problems.add(file.at(item, kind + " without " + (kind.equals("route") ? "an id" : "a routeId")
                    + " (Relink's routes are named <capability>.<what>)"));
            return;
        }
        String value = idValue.getValue();
        if (!ROUTE_ID.matcher(value).matches()) {
            problems.add(file.at(idValue, "route id '" + value + "' is not <capability>.<what> (lower case, e.g. detect.poll-links)"));
        }
        unique(file, idValue, "route id", firstSeen, problems);
    }

    private static void unique(YamlFile file, ScalarNode id, String what, Map<String, String> firstSeen, List<Problem> problems) {
        String where = file.path().getFileName() + ":" + id.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        String previous = firstSeen.putIfAbsent(id.getValue(), where);
        if (previous != null) {
            problems.add(file.at(id, "duplicate " + what + " '" + id.getValue() + "' (also at " + previous + ")"));
        }
    }

    /** A route names an error policy there is, with belvo-failed when it calls Belvo uncaught. */
    private static void policy(YamlFile file, Node item, Node route, Set<String> policies, List<Problem> problems) {
        var policy = YamlFile.entry(route, "routeConfigurationId");
        if (policy.isEmpty() && !mistyped(route, "routeConfigurationId")) {
            problems.add(file.at(item, "route without routeConfigurationId: name its error policy (one of "
                    + new TreeSet<>(policies) + ")"));
        } else if (policy.isPresent() && policy.get().getValueNode() instanceof ScalarNode named) {
            Set<String> listed = new HashSet<>();
            for (String one : named.getValue().split(",")) {
                listed.add(one.strip());
                if (!policies.contains(one.strip())) {
                    problems.add(file.at(named, "routeConfigurationId '" + one.strip() + "' names no error policy (there are "
                            + new TreeSet<>(policies) + "); Camel would run this route without retries or dead letters"));
                }
            }
            if (!listed.contains(BELVO_FAILED) && !listed.contains("belvo-api") && !listed.contains("belvo-api-call")) {
                for (ScalarNode call : belvoCalls(route)) {
                    problems.add(file.at(call, "this route calls Belvo (" + call.getValue() + ") but its routeConfigurationId lacks "
                            + BELVO_FAILED + " (e.g. '" + named.getValue() + "," + BELVO_FAILED + "') and no doTry around the call "
                            + "catches dev.relink.belvo.BelvoApiException: the flow policy would retry a Belvo failure without end"));
                }
            }
        }
    }

    /**
     * The {@code direct:belvo.*} sends of a route that no {@code doTry} with a {@code doCatch} of
     * {@code BelvoApiException} surrounds: their failure reaches the route's policy.
     */
    private static List<ScalarNode> belvoCalls(Node node) {
        List<ScalarNode> calls = new ArrayList<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                String key = name(tuple);
                if (tuple.getValueNode() instanceof ScalarNode value) {
                    if (SENDS.contains(key) && value.getValue().startsWith("direct:belvo.")) {
                        calls.add(value);
                    }
                } else if (key.equals("doTry") && catchesBelvo(tuple.getValueNode())) {
                    YamlFile.entry(tuple.getValueNode(), "doCatch").ifPresent(c -> calls.addAll(belvoCalls(c.getValueNode())));
                    YamlFile.entry(tuple.getValueNode(), "doFinally").ifPresent(f -> calls.addAll(belvoCalls(f.getValueNode())));
                } else {
                    calls.addAll(belvoCalls(tuple.getValueNode()));
                }
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> calls.addAll(belvoCalls(item)));
        }
        return calls;
    }

    private static boolean catchesBelvo(Node doTry) {
        List<String> caught = new ArrayList<>();
        YamlFile.entry(doTry, "doCatch").ifPresent(c -> collectScalars(c.getValueNode(), caught));
        return caught.contains(BELVO_EXCEPTION);
    }

    private static void collectScalars(Node node, List<String> into) {
        if (node instanceof ScalarNode scalar) {
            into.add(scalar.getValue());
        } else if (node instanceof MappingNode map) {
            map.getValue().forEach(tuple -> collectScalars(tuple.getValueNode(), into));
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> collectScalars(item, into));
        }
    }

    /** The key is there with other capitals: the loader reports that one, at its line. */
    private static boolean mistyped(Node mapping, String key) {
        return mapping instanceof MappingNode map && map.getValue().stream()
                .anyMatch(tuple -> tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equalsIgnoreCase(key));
    }

    /** Whether every {@code cron=} of a resolved Quartz URI parses (a bad one is reported at its own line). */
    static boolean cronsParse(String uri) {
        Matcher inUri = CRON_IN_URI.matcher(uri);
        return !uri.startsWith("quartz:") || !inUri.find() || CronExpression.isValidExpression(inUri.group(1).replace('+', ' '));
    }

    private static void values(YamlFile file, String key, ScalarNode scalar, TemplateParameters template, CamelCheck camel,
            List<Problem> problems) {
        String value = template.withoutPlaceholders(scalar.getValue());
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
