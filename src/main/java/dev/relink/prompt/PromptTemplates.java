package dev.relink.prompt;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.relink.channel.TemplateSet;
import dev.relink.checks.TemplatesInForce;
import dev.relink.experiment.ExperimentsFile;
import dev.relink.experiment.Treatment;

/**
 * Prompt templates from {@code relink.templates-dir} (default {@code ./templates}), read on every use
 * from the version in force ({@link TemplatesInForce}: the last one that passed the checks), so an
 * edit takes effect with the next prompt once it is applied, no rebuild or restart. Layout:
 * {@code <reason>/<locale>/<part>.mustache}, with the parts each channel sends ({@code email-subject},
 * {@code email-html}, {@code email-text}; {@code sms}). Rendered with Mustache (mustache.java, the engine camel-mustache
 * uses): HTML parts escape every variable, text parts (subject, plain text, SMS) do not.
 *
 * <p>Locale lookup: {@code es-MX} → {@code es} → {@code en}. Falling back to {@code en} means ops
 * forgot a translation, so it is logged, once per missing template. A reason without its own folder
 * uses the folder of the reason that is fixed the same way ({@code unconfirmed} → {@code token_required}).
 *
 * <p>An experiment's template variant lives beside them, {@code <reason>/variants/<variant>/<locale>/<part>.mustache},
 * and only needs the files it changes: for each locale of the lookup, the variant's file is taken if it
 * has one, else the default one.
 */
@Component
class PromptTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(PromptTemplates.class);
    private static final String FALLBACK_LOCALE = "en";
    static final Map<String, String> SAME_FIX = Map.of("unconfirmed", "token_required");

    /** A template file found for a request, and the name recorded in the delivery log. */
    record Found(Path file, String name) {
    }

    private final Supplier<Path> dirs;
    private final MustacheFactory html = new DefaultMustacheFactory();
    private final MustacheFactory text = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Templates read from {@code dir} as it is on disk at each use. */
    PromptTemplates(Path dir) {
        this.dirs = () -> dir;
    }

    /** In the hub: the templates in force, the last version of {@code relink.templates-dir} that passed the checks. */
    @Autowired
    PromptTemplates(TemplatesInForce inForce) {
        this.dirs = inForce::dir;
    }

    /**
     * The template set of a reason in a locale and template variant ({@code default}: no variant), each
     * part rendered with {@code model} when a channel asks for it.
     */
    TemplateSet set(String reason, String locale, String variant, Map<String, Object> model) {
        return new TemplateSet() {
            @Override
            public Rendered text(String part) {
                Found found = find(reason, locale, variant, part);
                return new Rendered(found.name(), renderText(found, model));
            }

            @Override
            public Rendered html(String part) {
                Found found = find(reason, locale, variant, part);
                return new Rendered(found.name(), renderHtml(found, model));
            }
        };
    }

    /** Renders a part with HTML escaping (for {@code email-html}). */
    String renderHtml(Found template, Map<String, Object> variables) {
        return render(html, template, variables);
    }

    /** Renders a part as plain text (subject, text body, SMS). */
    String renderText(Found template, Map<String, Object> variables) {
        return render(text, template, variables);
    }

    /** Finds {@code part} for the reason and locale, falling back as described above. */
    Found find(String reason, String locale, String part) {
        return find(reason, locale, Treatment.DEFAULT_VARIANT, part);
    }

    /** The same, taking a variant's file where it has one. */
    Found find(String reason, String locale, String variant, String part) {
        Path dir = dirs.get();
        String folder = Files.isDirectory(dir.resolve(reason)) ? reason : SAME_FIX.getOrDefault(reason, reason);
        for (String candidate : candidates(locale)) {
            Path varied = dir.resolve(folder).resolve(ExperimentsFile.VARIANTS).resolve(variant).resolve(candidate)
                    .resolve(part + ".mustache");
            if (!Treatment.DEFAULT_VARIANT.equals(variant) && Files.isReadable(varied)) {
                return new Found(varied, folder + "/" + ExperimentsFile.VARIANTS + "/" + variant + "/" + candidate + "/" + part);
            }
            Path file = dir.resolve(folder).resolve(candidate).resolve(part + ".mustache");
            if (Files.isReadable(file)) {
                if (candidate.equals(FALLBACK_LOCALE) && !isEnglish(locale)
                        && warned.add(folder + "/" + locale + "/" + part)) {
                    LOG.warn("No prompt template {}/{}/{}.mustache in {}; using the {} one instead (logged once)",
                            folder, locale, part, dir, FALLBACK_LOCALE);
                }
                return new Found(file, folder + "/" + candidate + "/" + part);
            }
        }
        throw new IllegalStateException("No prompt template " + folder + "/" + FALLBACK_LOCALE + "/" + part
                + ".mustache in " + dir.toAbsolutePath() + " (relink.templates-dir)");
    }

    /**
     * The names {@code template} asks for that {@code model} does not have, found by rendering it
     * against the model with Mustache's own lookup (so sections and dotted names count as they do when sending).
     */
    Set<String> unknownNames(Found template, Map<String, Object> model) {
        Set<String> missing = new java.util.TreeSet<>();
        DefaultMustacheFactory recording = new DefaultMustacheFactory();
        recording.setObjectHandler(new ReflectionObjectHandler() {
            @Override
            protected MissingWrapper createMissingWrapper(String name, List<Guard> guards) {
                missing.add(name);
                return super.createMissingWrapper(name, guards);
            }
        });
        render(recording, template, model);
        return missing;
    }

    private static List<String> candidates(String locale) {
        List<String> candidates = new ArrayList<>();
        if (locale != null && !locale.isBlank()) {
            candidates.add(locale);
            int dash = locale.indexOf('-');
            if (dash > 0) {
                candidates.add(locale.substring(0, dash));
            }
        }
        candidates.add(FALLBACK_LOCALE);
        return candidates;
    }

    private static boolean isEnglish(String locale) {
        return locale == null || locale.isBlank() || locale.equals(FALLBACK_LOCALE) || locale.startsWith(FALLBACK_LOCALE + "-");
    }

    private static String render(MustacheFactory factory, Found template, Map<String, Object> variables) {
        try {
            String source = Files.readString(template.file(), StandardCharsets.UTF_8);
            StringWriter out = new StringWriter();
            factory.compile(new StringReader(source), template.name()).execute(out, variables).flush();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read prompt template " + template.file(), e);
        }
    }
}
