package dev.relink.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import dev.relink.channel.Channel;
import dev.relink.channel.Channels;
import dev.relink.channel.Message;
import dev.relink.channel.SmsText;
import dev.relink.channel.TemplateSet;
import dev.relink.checks.MountedFolder;
import dev.relink.checks.Problem;
import dev.relink.contact.Contact;
import dev.relink.experiment.ExperimentsFile;
import dev.relink.incident.Signal;
import dev.relink.repair.RepairLinks;
import dev.relink.repair.RepairTokens;

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
        Set<String> channels = new TreeSet<>(Channels.shipped().names());
        for (String channel : settings.channels()) {
            if (!channels.contains(channel)) {
                problems.add(setting(environment, "relink.prompt.channels", "unknown channel '" + channel + "' ("
                        + String.join(" or ", channels) + ")"));
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
        List<Channel> channels = Channels.shipped().all();
        for (String reason : reasons(dir, problems)) {
            String folder = Files.isDirectory(dir.resolve(reason)) ? reason : PromptTemplates.SAME_FIX.getOrDefault(reason, reason);
            if (!folder.equals(reason)) {
                continue; // checked as its own reason
            }
            for (String language : Contact.LANGUAGES.stream().sorted().toList()) {
                Path defaults = dir.resolve(folder).resolve(language);
                compose(templates, prompts, channels, reason, language, defaults, null, problems);
                // an experiment's variants: each file they have, checked as the default ones; the rest is the default
                for (Path variant : variants(dir.resolve(folder).resolve(ExperimentsFile.VARIANTS), problems)) {
                    if (Files.isDirectory(variant.resolve(language))) {
                        compose(templates, prompts, channels, reason, language, variant.resolve(language), defaults, problems);
                    }
                }
            }
        }
    }

    private static void compose(PromptTemplates templates, Prompts prompts, List<Channel> channels, String reason,
            String language, Path dir, Path fallback, List<Problem> problems) {
        for (Channel channel : channels) {
            Checked parts = new Checked(templates, dir, fallback, language,
                    prompts.model(plan(reason, language, channel.name())), problems);
            Message message;
            try {
                message = channel.compose(parts);
            } catch (IllegalArgumentException unusable) {
                problems.add(Problem.inFile(dir, unusable.getMessage()));
                continue;
            }
            if (parts.complete && channel.name().equals("sms")) {
                smsLength(message.text(), parts.file("sms"), problems);
            }
        }
    }

    private static List<Path> variants(Path dir, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try {
            return MountedFolder.entries(dir).stream().filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            problems.add(Problem.inFile(dir, "cannot list the template variants: " + e.getMessage()));
            return List.of();
        }
    }

    /** The reasons every deployment prompts for, and any other reason with a folder (consent_expiring, ...). */
    private static Set<String> reasons(Path dir, List<Problem> problems) {
        Set<String> reasons = new TreeSet<>(List.of(Signal.INVALID_CREDENTIALS, Signal.TOKEN_REQUIRED, Signal.UNCONFIRMED));
        try {
            MountedFolder.entries(dir).stream().filter(Files::isDirectory)
                    .forEach(folder -> reasons.add(folder.getFileName().toString()));
        } catch (IOException e) {
            problems.add(Problem.inFile(dir, "cannot list the templates folder: " + e.getMessage()));
        }
        return reasons;
    }

    /**
     * The parts a channel asks for, each checked where it must be (no locale fallback here: every language
     * has every part): it exists, compiles and asks only for names the model has. A part with a problem
     * renders as empty text, so the channel still composes and the next part is checked too. A variant's
     * folder has a {@code fallback}: the default folder, whose file stands in for a part the variant lacks.
     */
    private static final class Checked implements TemplateSet {

        private final PromptTemplates templates;
        private final Path dir;
        private final Path fallback;
        private final String language;
        private final Map<String, Object> model;
        private final List<Problem> problems;
        private boolean complete = true;

        Checked(PromptTemplates templates, Path dir, Path fallback, String language, Map<String, Object> model,
                List<Problem> problems) {
            this.templates = templates;
            this.dir = dir;
            this.fallback = fallback;
            this.language = language;
            this.model = model;
            this.problems = problems;
        }

        Path file(String part) {
            Path file = dir.resolve(part + ".mustache");
            return fallback == null || Files.isReadable(file) ? file : fallback.resolve(part + ".mustache");
        }

        @Override
        public Rendered text(String part) {
            PromptTemplates.Found found = check(part);
            return new Rendered(part, found == null ? "" : templates.renderText(found, model));
        }

        @Override
        public Rendered html(String part) {
            PromptTemplates.Found found = check(part);
            return new Rendered(part, found == null ? "" : templates.renderHtml(found, model));
        }

        private PromptTemplates.Found check(String part) {
            Path file = file(part);
            if (!Files.isReadable(file)) {
                problems.add(Problem.inFile(file, "missing template: every reason needs " + part + " in " + language));
                complete = false;
                return null;
            }
            PromptTemplates.Found found = new PromptTemplates.Found(file, file.toString());
            Set<String> unknown;
            try {
                unknown = templates.unknownNames(found, model);
            } catch (MustacheException e) {
                int line = e.getContext() == null ? 0 : e.getContext().line();
                problems.add(new Problem(file, line, 0, "Mustache: " + mustacheMessage(e)));
                complete = false;
                return null;
            }
            for (String name : unknown) {
                problems.add(new Problem(file, lineOf(file, name), 0, "unknown placeholder {{" + name + "}}: the prompt knows "
                        + new TreeSet<>(model.keySet())));
            }
            complete &= unknown.isEmpty();
            return unknown.isEmpty() ? found : null;
        }
    }

    private static void smsLength(String text, Path file, List<Problem> problems) {
        int segments = SmsText.segments(text);
        if (segments > SmsText.MAX_SEGMENTS) {
            problems.add(new Problem(file, 1, 0, "SMS takes " + segments + " segments with long values (" + text.length()
                    + " characters after GSM-7 folding); at most " + SmsText.MAX_SEGMENTS + " (306 GSM-7 characters)"));
        }
    }

    /** A prompt as long as it realistically gets: a long name, a long bank name, the configured repair URL. */
    private static Ladder.Plan plan(String reason, String language, String channel) {
        Contact contact = new Contact("validate", LONG_NAME, "someone@example.com", "+5215512345678", language, channel,
                "America/Mexico_City", null, null, null, null);
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
