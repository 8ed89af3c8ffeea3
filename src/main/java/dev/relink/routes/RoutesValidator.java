package dev.relink.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.core.env.ConfigurableEnvironment;

import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;
import dev.relink.detect.SignalTable;
import dev.relink.experiment.ExperimentsFile;
import dev.relink.prompt.PromptCheck;

/**
 * Everything the hub loads from the files ops edit, checked without starting anything: the route
 * files of {@code relink.routes-dir} (YAML syntax, Camel's YAML DSL schema, Relink's route rules,
 * each expression by its language at its own line, then Camel's own loader, components and bean lookup) and the templates of
 * {@code relink.templates-dir} with the prompt settings, and the signal table there ({@code signals.yaml}), The same checks run for
 * {@code relink validate}, at start-up and before an edited file is applied; and the experiments file
 * ({@code relink.experiments-file}) with the template variants it names.
 */
public final class RoutesValidator {

    private RoutesValidator() {
    }

    public static Path routesDir(ConfigurableEnvironment environment) {
        return Path.of(environment.getProperty("relink.routes-dir", "./routes")).normalize();
    }

    public static Path templatesDir(ConfigurableEnvironment environment) {
        return Path.of(environment.getProperty("relink.templates-dir", "./templates")).normalize();
    }

    public static Path experimentsFile(ConfigurableEnvironment environment) {
        return Path.of(environment.getProperty("relink.experiments-file", "./experiments.yaml")).normalize();
    }

    /** Every problem in the routes and templates the environment points at; empty when the hub may load them. */
    public static List<Problem> validate(ConfigurableEnvironment environment) {
        List<Problem> problems = new ArrayList<>(routes(environment, routesDir(environment)));
        problems.addAll(PromptCheck.check(environment, templatesDir(environment)));
        problems.addAll(SignalTable.check(templatesDir(environment)));
        problems.addAll(ExperimentsFile.check(experimentsFile(environment), templatesDir(environment)));
        return problems;
    }

    static List<Problem> routes(ConfigurableEnvironment environment, Path dir) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(Problem.inFile(dir, "routes folder not found (relink.routes-dir)"));
            return problems;
        }
        List<YamlFile> files = new ArrayList<>();
        for (Path path : files(dir)) {
            YamlFile file = YamlFile.read(path, problems);
            if (file != null) {
                files.add(file);
            }
        }
        try (CamelCheck camel = new CamelCheck(environment, BeanStandIns.of(environment))) {
            RouteRules.check(files, camel, problems);
            Expressions expressions = camel.expressions();
            files.forEach(file -> DslExpressions.check(file, expressions, problems));
            camel.check(files, problems);
        }
        return onePerLine(problems);
    }

    /** A mistake can break several checks at once (a duplicate id, say): ops need to hear of it once. */
    private static List<Problem> onePerLine(List<Problem> problems) {
        Map<String, Problem> first = new LinkedHashMap<>();
        for (Problem problem : problems) {
            first.putIfAbsent(problem.file() + ":" + (problem.line() == 0 ? problem.message() : problem.line()), problem);
        }
        return new ArrayList<>(first.values());
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(path -> path.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(path))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
