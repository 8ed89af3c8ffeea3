package dev.relink.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.mustachejava.MustacheException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;

import dev.relink.brand.Brand;
import dev.relink.brand.InstitutionNames;
import dev.relink.detect.Signal;
import dev.relink.repair.RepairLinks;
import dev.relink.repair.RepairTokens;
import dev.relink.routes.Problem;

/**
 * What {@code relink validate} checks of prompting: every template a prompt may need exists (each
 * reason × language × part, for the built-in reasons and every reason folder in the templates folder),
 * compiles, asks only for variables the renderer's model has ({@link Prompts#model}), and an SMS stays
 * within two segments even with long values; and the ladder settings ({@code relink.prompt.*}) bind and
 * make sense.
 */
public final class PromptCheck {

    private static final Pattern TAG = Pattern.compile("\\{\\{\\s*[#^/&{]?\\s*([^}\\s]+)\\s*}?}}");
    private static final String LONG_NAME = "Maria Guadalupe Fernandez de la Torre y Hernandez Villaseñor";

    private PromptCheck() {
    }

    public static List<Problem> check(Environment environment, Path templatesDir) {
        List<Problem> problems = new ArrayList<>();
        PromptSettings settings = settings(environment, problems);
        if (settings != null) {
            templates(environment, templatesDir, settings, problems);
        }
        return problems;
    }

    static PromptSettings settings(Environment environment, List<Problem> problems) {
        PromptSettings settings;
        try {
            settings = Binder.get(environment).bindOrCreate("relink.prompt", PromptSettings.class);
        } catch (BindException e) {
            problems.add(setting(e.getProperty() == null ? null : e.getProperty().getOrigin(),
                    e.getName().toString(), root(e)));
            return null;
        }
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            Set<ConstraintViolation<PromptSettings>> violations = validation.getValidator().validate(settings);
            for (ConstraintViolation<PromptSettings> violation : violations) {
                problems.add(setting(environment, "relink.prompt." + kebab(violation.getPropertyPath().toString()),
                        violation.getMessage()));
            }
            if (violations.stream().anyMatch(violation -> violation.getInvalidValue() == null)) {
                return null; // a setting is missing (application.yaml holds every default): nothing more to check
            }
        }
        for (String channel : settings.channels()) {
            if (!ContactRules.CHANNELS.contains(channel)) {
                problems.add(setting(environment, "relink.prompt.channels", "unknown channel '" + channel + "' (email or sms)"));
            }
        }
        for (int i = 1; i < settings.steps().size(); i++) {
            if (settings.steps().get(i).compareTo(settings.steps().get(i - 1)) <= 0) {
                problems.add(setting(environment, "relink.prompt.steps", "step " + i + " (" + settings.steps().get(i)
                        + ") is not later than the one before it: the ladder counts each step from the first prompt"));
            }
        }
        if ((settings.quietStart() == null) != (settings.quietEnd() == null)) {
            problems.add(setting(environment, "relink.prompt.quiet-start", "quiet hours need both quiet-start and quiet-end"));
        }
        return settings;
    }

    private static void templates(Environment environment, Path dir, PromptSettings settings, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(Problem.inFile(dir, "templates folder not found (relink.templates-dir)"));
            return;
        }
        PromptTemplates templates = new PromptTemplates(dir);
        Clock clock = Clock.systemUTC();
        String baseUrl = environment.getProperty("relink.repair.base-url", "https://relink.example.com");
        Prompts prompts = new Prompts(templates, new RepairLinks(new RepairTokens("relink-validate", clock), clock,
                baseUrl, Duration.ofDays(7), Duration.ofDays(2)), settings, new InstitutionNames(dir),
                // the brand's values do not matter here: every brand key is in the model, set or not
                new Brand("Relink", null, "#0b5fff", null, null));
        for (String reason : reasons(dir, problems)) {
            String folder = Files.isDirectory(dir.resolve(reason)) ? reason : PromptTemplates.SAME_FIX.getOrDefault(reason, reason);
            if (!folder.equals(reason)) {
                continue; // checked as its own reason
            }
            for (String language : ContactRules.LANGUAGES.stream().sorted().toList()) {
                boolean complete = true;
                for (String part : PromptTemplates.PARTS) {
                    Path file = dir.resolve(folder).resolve(language).resolve(part + ".mustache");
                    complete &= part(templates, prompts, reason, language, part, file, problems);
                }
                if (complete) {
                    smsLength(templates, prompts, reason, language, dir.resolve(folder).resolve(language).resolve("sms.mustache"),
                            problems);
                }
            }
        }
    }

    /** The reasons every deployment prompts for, and any other reason with a folder (consent_expiring, ...). */
    private static Set<String> reasons(Path dir, List<Problem> problems) {
        Set<String> reasons = new TreeSet<>(List.of(Signal.INVALID_CREDENTIALS, Signal.TOKEN_REQUIRED, Signal.UNCONFIRMED));
        try (Stream<Path> folders = Files.list(dir)) {
            folders.filter(Files::isDirectory).forEach(folder -> reasons.add(folder.getFileName().toString()));
        } catch (IOException e) {
            problems.add(Problem.inFile(dir, "cannot list the templates folder: " + e.getMessage()));
        }
        return reasons;
    }

    private static boolean part(PromptTemplates templates, Prompts prompts, String reason, String language, String part,
            Path file, List<Problem> problems) {
        if (!Files.isReadable(file)) {
            problems.add(Problem.inFile(file, "missing template: every reason needs " + part + " in " + language));
            return false;
        }
        PromptTemplates.Found found = new PromptTemplates.Found(file, file.toString());
        Set<String> unknown;
        try {
            unknown = templates.unknownNames(found, prompts.model(plan(reason, language, "sms".equals(part) ? "sms" : "email")));
        } catch (MustacheException e) {
            int line = e.getContext() == null ? 0 : e.getContext().line();
            problems.add(new Problem(file, line, 0, "Mustache: " + mustacheMessage(e)));
            return false;
        }
        for (String name : unknown) {
            problems.add(new Problem(file, lineOf(file, name), 0, "unknown placeholder {{" + name + "}}: the prompt knows "
                    + new TreeSet<>(prompts.model(plan(reason, language, "email")).keySet())));
        }
        return unknown.isEmpty();
    }

    private static void smsLength(PromptTemplates templates, Prompts prompts, String reason, String language, Path file,
            List<Problem> problems) {
        String text = prompts.compose(plan(reason, language, "sms")).text();
        int segments = SmsText.segments(text);
        if (segments > Prompts.MAX_SMS_SEGMENTS) {
            problems.add(new Problem(file, 1, 0, "SMS takes " + segments + " segments with long values (" + text.length()
                    + " characters after GSM-7 folding); at most " + Prompts.MAX_SMS_SEGMENTS + " (306 GSM-7 characters)"));
        }
    }

    /** A prompt as long as it realistically gets: a long name, a long bank name, the configured repair URL. */
    private static Ladder.Plan plan(String reason, String language, String channel) {
        Contact contact = new Contact("validate", LONG_NAME, "someone@example.com", "+5215512345678", language, channel,
                "America/Mexico_City", null);
        Ladder.Due due = new Ladder.Due("00000000-0000-4000-8000-000000000000", "validate", "validate",
                "banco_internacional_de_la_republica_mx_retail", reason, 0, false);
        return new Ladder.Plan("send", due, contact, channel);
    }

    private static int lineOf(Path file, String name) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher tag = TAG.matcher(lines.get(i));
                while (tag.find()) {
                    if (tag.group(1).equals(name)) {
                        return i + 1;
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static String mustacheMessage(MustacheException e) {
        String message = e.getMessage() == null ? "cannot compile" : e.getMessage();
        return message.replaceAll("\\s*@\\[[^]]*]\\s*$", "");
    }

    /** Where the setting was written, when Spring Boot knows (application-*.yaml line, environment variable). */
    private static Problem setting(Environment environment, String key, String message) {
        Origin origin = null;
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(ConfigurationPropertyName.of(key));
            if (property != null) {
                origin = property.getOrigin();
                break;
            }
        }
        return setting(origin, key, message);
    }

    private static Problem setting(Origin origin, String key, String message) {
        if (origin instanceof TextResourceOrigin text && text.getResource() != null && text.getLocation() != null) {
            return new Problem(Path.of(String.valueOf(text.getResource().getFilename())), text.getLocation().getLine() + 1,
                    text.getLocation().getColumn() + 1, key + ": " + message);
        }
        return Problem.inFile(Path.of(key), message + (origin == null ? "" : " (from " + origin + ")"));
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
