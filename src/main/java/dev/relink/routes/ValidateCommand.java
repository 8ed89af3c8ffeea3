package dev.relink.routes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.relink.checks.Problem;

/**
 * {@code java -jar relink.jar validate [--routes DIR] [--templates DIR] [--experiments FILE] [--format json]}: the checks
 * of {@link RoutesValidator} with the settings the hub would run with (profile, application-*.yaml,
 * environment, {@code --key=value} arguments), without a web server, a database or Camel routes.
 * Prints {@code file:line:column: error: message} per problem on standard output and exits 1, or 0
 * when every file is fine.
 */
public final class ValidateCommand {

    public static final String NAME = "validate";

    private ValidateCommand() {
    }

    /** Runs the command; {@code args} are what follows {@code validate}. Returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // only the problems on the console: Camel's and the checks' own progress lines stay quiet
        List<String> springArgs = new ArrayList<>(List.of("--spring.main.log-startup-info=false",
                "--logging.level.root=WARN", "--logging.level.org.apache.camel=WARN",
                "--logging.level.org.apache.camel.impl.engine.AbstractCamelContext=WARN", "--logging.level.dev.relink=ERROR"));
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--routes" -> springArgs.add("--relink.routes-dir=" + value(args, ++i));
                case "--templates" -> springArgs.add("--relink.templates-dir=" + value(args, ++i));
                case "--experiments" -> springArgs.add("--relink.experiments-file=" + value(args, ++i));
                case "--format" -> json = "json".equals(value(args, ++i));
                case "--format=json" -> json = true;
                case "-h", "--help" -> {
                    out.println("usage: relink validate [--routes DIR] [--templates DIR] [--experiments FILE] [--format json] [--spring.profiles.active=...]");
                    return 0;
                }
                default -> springArgs.add(args[i]);
            }
        }
        SpringApplication settingsOnly = new SpringApplication(SettingsOnly.class);
        settingsOnly.setWebApplicationType(WebApplicationType.NONE);
        settingsOnly.setBannerMode(Banner.Mode.OFF);
        settingsOnly.setInitializers(List.of());
        List<Problem> problems;
        try (ConfigurableApplicationContext settings = settingsOnly.run(springArgs.toArray(String[]::new))) {
            problems = RoutesValidator.validate(settings.getEnvironment());
            if (json) {
                out.println(json(problems));
            } else {
                problems.forEach(out::println);
                err.println(problems.isEmpty()
                        ? "relink validate: " + RoutesValidator.routesDir(settings.getEnvironment()) + ", "
                                + RoutesValidator.templatesDir(settings.getEnvironment()) + " and "
                                + RoutesValidator.experimentsFile(settings.getEnvironment()) + " are fine"
                        : "relink validate: " + problems.size() + " problem(s)");
            }
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static String json(List<Problem> problems) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Problem problem : problems) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("file", problem.file().toString());
            one.put("line", problem.line());
            one.put("column", problem.column());
            one.put("severity", "error");
            one.put("message", problem.message());
            list.add(one);
        }
        try {
            return new ObjectMapper().writeValueAsString(Map.of("valid", problems.isEmpty(), "problems", list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nothing but Spring Boot's settings: profiles, application*.yaml, environment variables, arguments. */
    @Configuration(proxyBeanMethods = false)
    static class SettingsOnly {
    }
}
