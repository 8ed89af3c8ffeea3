package dev.relink.routes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.bean.BeanInfo;
import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.CatchDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.HasExpressionType;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnCompletionDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.StringHelper;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;

/**
 * The route files through Camel itself, in a Camel context of their own that never starts a route:
 * Camel's YAML loader builds the model (with each node's line), then every endpoint URI is resolved
 * by its component (unknown options and bad values refused as at start-up), every bean reference and
 * method is looked up the way Camel's bean component does it, every expression is compiled by its
 * language at its own line ({@link DslExpressions}), and finally each route of a file without a
 * problem is created, not started, as start-up would create it. A {@code templatedRoute} is checked
 * as the route its template makes with its parameters: a mistake its parameter brings is reported at
 * that parameter's value, one in the template itself at the template's line.
 */
final class CamelCheck implements AutoCloseable {

    private static final Pattern UNKNOWN_OPTION = Pattern.compile("Unknown parameters=\\[\\{([^=]+)=");

    private final DefaultCamelContext camel;
    private final BeanStandIns beans;

    CamelCheck(Environment environment, BeanStandIns beans) {
        this.beans = beans;
        camel = new DefaultCamelContext(false);
        camel.getCamelContextExtension().setName("relink-validate");
        camel.getCamelContextExtension().setRegistry(new DefaultRegistry(beans));
        camel.setSourceLocationEnabled(true);
        camel.setAutoStartup(false);
        camel.setStartupSummaryLevel(StartupSummaryLevel.Off);
        camel.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "relink settings";
            }

            @Override
            public String getProperty(String name) {
                return environment.getProperty(name);
            }
        });
        threadPoolProfiles(environment);
        camel.start();
    }

    /** The thread pools the hub defines in camel.threadpool.config.*, so a route's executorService finds them. */
    private void threadPoolProfiles(Environment environment) {
        Binder.get(environment).bind("camel.threadpool.config", Bindable.mapOf(String.class, Object.class))
                .ifBound(pools -> pools.keySet().forEach(name -> camel.getExecutorServiceManager()
                        .registerThreadPoolProfile(new ThreadPoolProfileBuilder(name).build())));
    }

    /** Placeholders resolved as Camel resolves them (from Relink's settings); throws naming the missing key. */
    String resolve(String text) {
        return camel.resolvePropertyPlaceholders(text);
    }

    /** Loads the files (configurations first, as Camel does) and checks what they define. */
    void check(Collection<YamlFile> files, List<Problem> problems) {
        List<Loaded> loaded = new ArrayList<>();
        for (YamlFile file : files) {
            try {
                Resource resource = ResourceHelper.fromString("file:" + file.path(), file.text());
                for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                    loaded.add(new Loaded(file, builder));
                }
            } catch (Exception e) {
                problems.addAll(loaderProblems(file, e));
            }
        }
        List<Defined> routes = new ArrayList<>();
        List<Templated> templated = new ArrayList<>();
        ModelCamelContext model = (ModelCamelContext) camel;
        for (Loaded each : loaded) {
            try {
                if (each.builder() instanceof RouteConfigurationsBuilder configurations) {
                    configurations.addRouteConfigurationsToCamelContext(camel);
                }
                if (each.builder() instanceof RouteBuilder builder) {
                    builder.configureRoutes(camel).getRoutes().forEach(route -> routes.add(new Defined(each.file(), route)));
                    model.addRouteTemplateDefinitions(builder.getRouteTemplateCollection().getRouteTemplates());
                    builder.getTemplatedRouteCollection().getTemplatedRoutes()
                            .forEach(route -> templated.add(new Templated(each.file(), route)));
                }
            } catch (Exception e) {
                problems.addAll(loaderProblems(each.file(), e));
            }
        }
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            YamlFile file = fileOf(configuration.getResource(), files);
            if (file != null) {
                configuration.getOnExceptions().forEach(onException -> nodes(onException, node -> checkNode(file, node, problems)));
            }
        }
        for (Defined route : routes) {
            nodes(route.route(), node -> checkNode(route.file(), node, problems));
        }
        for (Templated route : templated) {
            RouteTemplateDefinition template = model.getRouteTemplateDefinition(route.definition().getRouteTemplateRef());
            YamlFile templateFile = template == null ? null : fileOf(template.getResource(), files);
            if (templateFile != null) {
                withParameters(route, () -> {
                    RouteDefinition made = template.asRouteDefinition();
                    nodes(made, node -> checkNode(templateFile, node, reported -> problems.add(route.at(reported))));
                    namedAsItsId(route, made, problems);
                });
            }
        }
        for (Defined route : routes) {
            if (problems.stream().noneMatch(problem -> problem.file().equals(route.file().path()))) {
                create(route, problems);
            }
        }
        for (Templated route : templated) {
            if (problems.stream().noneMatch(problem -> problem.file().equals(route.file().path()))) {
                create(route, problems);
            }
        }
    }

    /**
     * Flows call a templated route at {@code direct:<its routeId>}; the template takes that name as a
     * parameter too (Camel gives a template no route id to use), and the two must not drift apart.
     */
    private void namedAsItsId(Templated route, RouteDefinition made, List<Problem> problems) {
        String uri;
        try {
            uri = resolve(made.getInput().getEndpointUri());
        } catch (RuntimeException unresolved) {
            return; // named at its line already
        }
        String name = StringHelper.after(uri, "direct:");
        if (name != null && !name.equals(route.definition().getRouteId())) {
            problems.add(route.at(Problem.inFile(route.file().path(), "its endpoint is named '" + name + "' (direct:" + name
                    + "), but flows call route " + route.definition().getRouteId() + " at direct:" + route.definition().getRouteId())));
        }
    }

    /** The template's parameters as Camel gives them to the route it makes: placeholders local to it. */
    private void withParameters(Templated route, Runnable check) {
        Properties parameters = new Properties();
        route.definition().getParameters().forEach(parameter -> parameters.put(parameter.getName(), parameter.getValue()));
        camel.getPropertiesComponent().setLocalProperties(parameters);
        try {
            check.run();
        } finally {
            camel.getPropertiesComponent().setLocalProperties(null);
        }
    }

    /** Creates the route a templated route makes, as start-up would, without starting it. */
    private void create(Templated route, List<Problem> problems) {
        RouteTemplateDefinition template = ((ModelCamelContext) camel).getRouteTemplateDefinition(route.definition().getRouteTemplateRef());
        try {
            if (template != null && template.getRoute() != null) {
                template.getRoute().setAutoStartup("false");
            }
            ((ModelCamelContext) camel).addRouteFromTemplatedRoute(route.definition());
        } catch (Exception e) {
            problems.add(route.at(Problem.inFile(route.file().path(), rootMessage(e))));
        }
    }

    /** Creates the route as start-up would (processors, endpoints, error handler), without starting it. */
    private void create(Defined defined, List<Problem> problems) {
        RouteDefinition route = defined.route();
        try {
            route.setAutoStartup("false");
            ((ModelCamelContext) camel).addRouteDefinition(route);
        } catch (Exception e) {
            problems.add(new Problem(defined.file().path(), Math.max(route.getInput().getLineNumber(), 0), 0,
                    "route " + route.getRouteId() + ": " + rootMessage(e)));
        }
    }

    private void checkNode(YamlFile file, OptionalIdentifiedDefinition<?> node, List<Problem> problems) {
        checkNode(file, node, problems::add);
    }

    private void checkNode(YamlFile file, OptionalIdentifiedDefinition<?> node, Consumer<Problem> problems) {
        try {
            if (node instanceof FromDefinition from) {
                endpoint(from.getEndpointUri());
            } else if (node instanceof SendDefinition<?> send && send.getEndpointUri() != null) {
                endpoint(send.getEndpointUri());
            } else if (node instanceof ToDynamicDefinition dynamic && !dynamic.getUri().contains("${")) {
                endpoint(dynamic.getUri());
            } else if (node instanceof BeanDefinition bean && bean.getRef() != null) {
                bean(bean.getRef(), bean.getMethod());
            }
            if (node instanceof HasExpressionType withExpression && withExpression.getExpressionType() != null) {
                methodCall(withExpression.getExpressionType());
            }
        } catch (Exception e) {
            problems.accept(at(file, node, e));
        }
    }

    /** At the key the problem is about: {@code method:} of a bean, the language of an expression, the {@code uri}. */
    private static Problem at(YamlFile file, OptionalIdentifiedDefinition<?> node, Exception e) {
        int line = Math.max(node.getLineNumber(), 0);
        String key = "uri";
        if (node instanceof BeanDefinition bean) {
            key = bean.getMethod() != null ? "method" : "ref";
        } else if (!(node instanceof FromDefinition || node instanceof SendDefinition<?> || node instanceof ToDynamicDefinition)
                && node instanceof HasExpressionType expression && expression.getExpressionType() != null) {
            key = expression.getExpressionType().getLanguage();
        }
        Matcher unknownOption = UNKNOWN_OPTION.matcher(rootMessage(e));
        if (unknownOption.find() && file.keyAt(line, unknownOption.group(1)).isPresent()) {
            key = unknownOption.group(1);
        }
        return file.keyAt(line, key).map(found -> file.at(found, node.getShortName() + ": " + rootMessage(e)))
                .orElse(new Problem(file.path(), line, 0, node.getShortName() + ": " + rootMessage(e)));
    }

    /** The expressions of the files, each compiled alone and reported at its own line. */
    Expressions expressions() {
        return new Expressions(camel);
    }

    /** Resolved by its component as at start-up; placeholders and crons were reported at their own lines already. */
    private void endpoint(String uri) {
        String resolved;
        try {
            resolved = resolve(uri);
        } catch (RuntimeException unresolved) {
            return;
        }
        if (RouteRules.cronsParse(resolved)) {
            camel.getEndpoint(resolved);
        }
    }

    private void bean(String unresolvedRef, String unresolvedMethod) {
        // a template's parameters are placeholders: what a templated route gives them
        String ref = resolve(unresolvedRef);
        String method = unresolvedMethod == null ? null : resolve(unresolvedMethod);
        Object bean = beans.lookupByName(ref);
        if (bean == null) {
            throw new IllegalArgumentException("no bean named '" + ref + "' (Relink's beans are components in dev.relink)");
        }
        if (method != null) {
            String name = StringHelper.before(method, "(", method).strip();
            if (!new BeanInfo(camel, bean.getClass()).hasMethod(name)) {
                throw new IllegalArgumentException("bean '" + ref + "' (" + bean.getClass().getName().replaceAll("\\$.*", "")
                        + ") has no method '" + name + "'");
            }
        }
    }

    /** A bean's method call in an expression; the expressions themselves are compiled at their own lines ({@link DslExpressions}). */
    private void methodCall(ExpressionDefinition expression) {
        if (expression instanceof MethodCallExpression call && call.getRef() != null) {
            bean(call.getRef(), call.getMethod());
        }
    }

    /** Every node of a route or policy, depth first: inputs, steps, when/otherwise/catch/onWhen clauses. */
    private static void nodes(Object node, Consumer<OptionalIdentifiedDefinition<?>> visitor) {
        if (node instanceof RouteDefinition route) {
            visitor.accept(route.getInput());
            route.getOutputs().forEach(output -> nodes(output, visitor));
            return;
        }
        if (node instanceof ChoiceDefinition choice) {
            // a choice's outputs are those of its last branch only (for the Java DSL): each branch here
            visitor.accept(choice);
            choice.getWhenClauses().forEach(when -> nodes(when, visitor));
            if (choice.getOtherwise() != null) {
                nodes(choice.getOtherwise(), visitor);
            }
            return;
        }
        if (node instanceof OptionalIdentifiedDefinition<?> definition) {
            visitor.accept(definition);
        }
        if (node instanceof CatchDefinition doCatch && doCatch.getOnWhen() != null) {
            visitor.accept(doCatch.getOnWhen());
        }
        if (node instanceof OnCompletionDefinition onCompletion && onCompletion.getOnWhen() != null) {
            visitor.accept(onCompletion.getOnWhen());
        }
        if (node instanceof OnExceptionDefinition onException && onException.getOnWhen() != null) {
            visitor.accept(onException.getOnWhen());
        }
        if (node instanceof ProcessorDefinition<?> processor) {
            processor.getOutputs().forEach(output -> nodes(output, visitor));
        }
    }

    /**
     * Why Camel's YAML loader refused a file: the schema's unknown keys when it names some (at the key,
     * with what the schema allows there), otherwise the loader's own message at the node it stopped at.
     * The schema is consulted only for a file the loader refused: it is stricter than the loader in
     * places (it has no {@code onCompletion} step, and wants numbers where a {@code {{placeholder}}}
     * stands), and a file the hub loads and runs is not an error.
     */
    private static List<Problem> loaderProblems(YamlFile file, Exception e) {
        List<Problem> unknownKeys = new ArrayList<>();
        SchemaCheck.check(file, unknownKeys);
        if (!unknownKeys.isEmpty()) {
            return unknownKeys;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException marked) {
                return List.of(YamlFile.at(file.path(), marked.getProblemMark().or(marked::getContextMark).orElse(null),
                        marked.getProblem() == null ? rootMessage(e) : marked.getProblem()));
            }
        }
        return List.of(Problem.inFile(file.path(), rootMessage(e)));
    }

    static String rootMessage(Throwable e) {
        if (e instanceof IllegalArgumentException && e.getCause() != null && e.getMessage() != null) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof PropertyBindingException binding) {
                // what lies under it is the converter's own failure ("String index out of range: -1" for a bad duration)
                return "option " + binding.getPropertyName() + " cannot be set to '" + binding.getValue() + "'";
            }
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    private static YamlFile fileOf(Resource resource, Collection<YamlFile> files) {
        if (resource == null) {
            return null;
        }
        for (YamlFile file : files) {
            if (resource.getLocation().equals("file:" + file.path())) {
                return file;
            }
        }
        return null;
    }

    @Override
    public void close() {
        camel.stop();
    }

    private record Loaded(YamlFile file, RoutesBuilder builder) {
    }

    private record Defined(YamlFile file, RouteDefinition route) {
    }

    /** A templatedRoute of {@code file}. */
    private record Templated(YamlFile file, TemplatedRouteDefinition definition) {

        /**
         * Where a problem of the route it makes belongs: at the value of the parameter it names (the
         * last one quoted in the message: "bean 'x' has no method 'y'" is about y), else where the
         * template has it; the whole templated route when neither says.
         */
        Problem at(Problem problem) {
            String message = "templatedRoute " + definition.getRouteId() + ": " + problem.message();
            Optional<NodeTuple> item = file.items().stream()
                    .filter(each -> each.getKeyNode() instanceof ScalarNode key && key.getValue().equals("templatedRoute")
                            && YamlFile.scalar(each.getValueNode(), "routeId").filter(definition.getRouteId()::equals).isPresent())
                    .findFirst();
            TemplateParameters given = TemplateParameters.of(item.map(NodeTuple::getValueNode).orElse(null));
            String named = null;
            int last = -1;
            for (TemplatedRouteParameterDefinition parameter : definition.getParameters()) {
                int at = problem.message().lastIndexOf("'" + parameter.getValue() + "'");
                if (at > last && given.entries().containsKey(parameter.getName())) {
                    last = at;
                    named = parameter.getName();
                }
            }
            if (named != null) {
                return file.at(given.value(named), message);
            }
            if (problem.line() > 0) {
                return new Problem(problem.file(), problem.line(), problem.column(), message);
            }
            return item.map(found -> file.at(found.getKeyNode(), message)).orElse(Problem.inFile(file.path(), message));
        }
    }
}
