package dev.relink.brand;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name a person knows their bank by, for a Belvo institution code: {@code heimdall_mx_retail}
 * → "Heimdall Bank", from {@code institutions.properties} in {@code relink.templates-dir} (ops edit
 * it; read on every use, like the templates), else the code's first word capitalized. The code
 * comes from the incident (the signal, or Belvo's link when Relink re-reads it).
 */
@Component
public class InstitutionNames {

    private final Path file;

    public InstitutionNames(@Value("${relink.templates-dir:./templates}") Path templatesDir) {
        this.file = templatesDir.resolve("institutions.properties");
    }

    /** The display name, or null for no code (the caller says "your bank" in its own words). */
    public String name(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        if (Files.isReadable(file)) {
            Properties names = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                names.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
            String name = names.getProperty(code);
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        String first = code.split("_")[0];
        return first.isEmpty() ? code : Character.toUpperCase(first.charAt(0)) + first.substring(1);
    }
}
