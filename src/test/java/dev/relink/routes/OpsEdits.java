package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.relink.checks.MountedFolder;
import dev.relink.support.TempDirectories;

/**
 * The edits ops make to {@code routes/} and {@code templates/}, applied to a copy of the shipped
 * files (or, in RoutesWatchTest, in place to the ConfigMap volumes its app runs from): the nine mistakes of issue 11, two in the signal table, the expression mistakes of issue 29
 * (each named at its exact line and column), the templated routes' (issue 24), and the plausible good
 * edits. Each edit finds its place by
 * content (not by line number), so the tests keep working while the shipped routes change; each
 * mistake says where it is, for the tests to expect that file and line.
 */
final class OpsEdits {

    /**
     * Where a mistake is: the file (relative to the copy) and the 1-based line; for a mistake named at
     * its exact place also the 1-based column and what holds it ("route detect.signal").
     */
    record At(String file, int line, int column, String where) {

        At(String file, int line) {
            this(file, line, 0, "");
        }
    }

    /** One edit: a name, what it does to a copy of routes/ and templates/, and what a report of it says. */
    record Edit(String name, Function<Path, At> apply, String says) {

        Edit(String name, Function<Path, At> apply) {
            this(name, apply, "");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Mistakes made in one edit: no two of them edit the same file, so that none hides another. */
    record Group(List<Edit> mistakes) {

        /** Makes each mistake on {@code root}; answers where each is. */
        Map<Edit, At> apply(Path root) {
            Map<Edit, At> made = new LinkedHashMap<>();
            mistakes.forEach(mistake -> made.put(mistake, mistake.apply().apply(root)));
            return made;
        }

        @Override
        public String toString() {
            return mistakes.stream().map(Edit::name).collect(Collectors.joining(" + "));
        }
    }

    private OpsEdits() {
    }

    /** routes/ and templates/ of the project, copied under {@code dir}. */
    static Path copyShipped(Path dir) {
        copyTree(Path.of("routes"), dir.resolve("routes"));
        copyTree(Path.of("templates"), dir.resolve("templates"));
        return dir;
    }

    /** Every mistake: those of issue 11, the signal table's, the expression mistakes and the templated routes'. */
    static List<Edit> mistakes() {
        return Stream.of(issue11AndSignalTable(), expressionMistakes(), templateMistakes()).flatMap(List::stream).toList();
    }

    /**
     * Every mistake, in as few edits as may hold them: each joins the first group that edits none of its
     * files (found by making it on a copy of its own). Two mistakes in one file may hide each other (a
     * file with a problem is not created, YAML syntax stops the file being read, one line is named
     * once); in different files they do not, and ValidateCommandTest proves it: a group reports exactly
     * what its mistakes report one by one.
     */
    static List<Group> mistakeGroups() {
        List<Edit> mistakes = mistakes();
        List<List<Edit>> groups = new ArrayList<>();
        List<Set<String>> edited = new ArrayList<>();
        Path scratch = TempDirectories.create("relink-mistakes-");
        try {
            for (int i = 0; i < mistakes.size(); i++) {
                Edit mistake = mistakes.get(i);
                Set<String> files = edits(mistake, scratch.resolve(String.valueOf(i)));
                int group = 0;
                while (group < groups.size() && !Collections.disjoint(edited.get(group), files)) {
                    group++;
                }
                if (group == groups.size()) {
                    groups.add(new ArrayList<>());
                    edited.add(new HashSet<>());
                }
                groups.get(group).add(mistake);
                edited.get(group).addAll(files);
            }
        } finally {
            TempDirectories.delete(scratch);
        }
        return groups.stream().map(Group::new).toList();
    }

    /** The files a mistake edits: those that differ from the shipped ones once it is made on a copy of its own. */
    private static Set<String> edits(Edit mistake, Path dir) {
        Path root = copyShipped(dir);
        mistake.apply().apply(root);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
                    .filter(file -> !read(root.resolve(file)).equals(read(Path.of(file)))).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A templatedRoute (routes/belvo-api.yaml's Belvo fetch-one calls) that Camel would refuse, or take wrongly without a word. */
    static List<Edit> templateMistakes() {
        return List.of(
                new Edit("a templatedRoute naming a template that does not exist (belvo.fetch-once)", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+routeTemplateRef: )belvo\\.fetch-one"),
                                m -> m.group(1) + "belvo.fetch-once"), "routeTemplateRef 'belvo.fetch-once' names no routeTemplate"),
                new Edit("a templatedRoute without a parameter its template needs (read)", OpsEdits::templatedRouteWithoutRead,
                        "templatedRoute without parameter 'read' that routeTemplate belvo.fetch-one needs"),
                new Edit("a templatedRoute's parameter misspelt (readr)", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+- \\{name: )read(, value: .*)"), m -> m.group(1) + "readr" + m.group(2)),
                        "routeTemplate belvo.fetch-one has no parameter 'readr'"),
                new Edit("a templatedRoute's parameter naming a bean method that does not exist (lnik)", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+- \\{name: read, value: )link(}.*)"), m -> m.group(1) + "lnik" + m.group(2)),
                        "templatedRoute belvo.get-link: bean: bean 'belvoResponses' (dev.relink.belvo.BelvoResponses) has no method 'lnik'"),
                new Edit("a templatedRoute's endpoint not named as its routeId", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+- \\{name: call, value: belvo\\.)get-link(}.*)"),
                                m -> m.group(1) + "get-lnik" + m.group(2)),
                        "templatedRoute belvo.get-link: its endpoint is named 'belvo.get-lnik' (direct:belvo.get-lnik), but flows call route "
                                + "belvo.get-link at direct:belvo.get-link"),
                new Edit("a bad endpoint option in the routeTemplate itself (timeout=soon)", root ->
                        replaceFirst(root, "routes", Pattern.compile("( {10}- to: direct:belvo\\.request)"), m -> m.group(1) + "?timeout=soon"),
                        "templatedRoute belvo.get-link: to: option timeout cannot be set to 'soon'"),
                new Edit("a templatedRoute with the route id of another", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+routeId: )belvo\\.get-consent"), m -> m.group(1) + "belvo.get-link"),
                        "duplicate route id 'belvo.get-link'"));
    }

    /** Drops the first templatedRoute's parameter read; the mistake is at its {@code - templatedRoute:}. */
    private static At templatedRouteWithoutRead(Path root) {
        At read = replaceFirst(root, "routes", Pattern.compile("\\s+- \\{name: read, value: .*"), m -> "");
        Path file = root.resolve(read.file());
        List<String> lines = new ArrayList<>(read(file).lines().toList());
        lines.remove(read.line() - 1);
        write(file, String.join("\n", lines) + "\n");
        int item = read.line() - 1;
        while (!lines.get(item).equals("- templatedRoute:")) {
            item--;
        }
        return new At(read.file(), item + 1);
    }

    private static List<Edit> issue11AndSignalTable() {
        return List.of(
                new Edit("routeConfigurationId naming a policy that does not exist (intakee)", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+routeConfigurationId: )intake"), m -> m.group(1) + "intakee"),
                        "routeConfigurationId 'intakee' names no error policy"),
                new Edit("{{#broken appended to a template", root -> {
                    Path sms = templateFile(root, "sms.mustache");
                    String text = read(sms);
                    String appended = (text.endsWith("\n") ? "" : "\n") + "{{#broken\n";
                    write(sms, text + appended);
                    return new At(root.relativize(sms).toString(), (int) (text + "x").lines().count() + (text.endsWith("\n") ? 0 : 1));
                }, "Mustache: Failed to close 'broken' tag"),
                new Edit("steps: indented one space too little", root ->
                        replaceFirst(root, "routes", Pattern.compile("^(\\s+) (steps:)$"), m -> m.group(1) + m.group(2)), "YAML syntax"),
                new Edit("misspelt key routeConfigurationID", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+)routeConfigurationId(: .*)"),
                                m -> m.group(1) + "routeConfigurationID" + m.group(2)), "unknown key 'routeConfigurationID'"),
                new Edit("unknown step setHeaderx", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+- )setHeader(:)$"), m -> m.group(1) + "setHeaderx" + m.group(2)), "unknown key 'setHeaderx'"),
                new Edit("bean method typo authorise", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+method: )authorize\\b(.*)"), m -> m.group(1) + "authorise" + m.group(2)), "has no method 'authorise'"),
                new Edit("unclosed ${ in a Simple expression", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+simple: \"\\$\\{[a-zA-Z.]+)}(.*)"), m -> m.group(1) + m.group(2)),
                        "expected symbol functionEnd"),
                new Edit("invalid cron 0 0/15 * * *", root ->
                        replaceFirst(root, "routes", Pattern.compile("(\\s+cron: ).*"), m -> m.group(1) + "\"0 0/15 * * *\""), "invalid Quartz cron '0 0/15 * * *'"),
                new Edit("duplicate route id", OpsEdits::duplicateRouteId, "duplicate route id"),
                new Edit("a route that calls Belvo without policy belvo-failed", OpsEdits::belvoCallWithoutBelvoFailed,
                        "lacks belvo-failed"),
                new Edit("signal table: a reason that does not exist (invalid_credential)", root ->
                        signalTableEntry(root, "errors:", "invalid_link", "invalid_credential"), "unknown reason 'invalid_credential'"),
                new Edit("signal table: a CONSENT webhook code mapped to a link's reason", root ->
                        signalTableEntry(root, "  CONSENT:", "consent_expired", "token_required"),
                        "unknown reason 'token_required' for webhook type CONSENT 'consent_expired'"),
                new Edit("signal table: a source that does not exist (webhook instead of webhooks)", root ->
                        signalTableLine(root, "webhooks:", "webhook:"), "unknown source 'webhook'"),
                new Edit("a bank-side code of the signal table made a reason to prompt", root ->
                        signalTableEntry(root, "errors:", "institution_down", "invalid_credentials"),
                        "'institution_down' is listed as transient"));
    }

    /** Expression mistakes deep in a route: each is named at its own line and column, not at its route's first line. */
    static List<Edit> expressionMistakes() {
        return List.of(
                new Edit("unclosed ${ in a branch of a choice nested in a filter", root ->
                        expressionAt(root, "detect-signals.yaml", "- choice:", "- simple:", line -> line.replaceFirst("}", "")),
                        "expected symbol functionEnd but was eol at location"),
                new Edit("a filter's predicate that ends in &&", root ->
                        expressionAt(root, "detect-poll.yaml", "- filter:", "simple:", line -> line.replaceFirst("\"$", " &&\"")),
                        "expected symbol whiteSpace but was eol at location"),
                new Edit("a bean method's argument list without its closing parenthesis", root ->
                        expressionAt(root, "app-events.yaml", "- bean:", "method:", line -> line.substring(0, line.lastIndexOf(')'))),
                        "Method should end with parenthesis, was claimDue(100"),
                new Edit("a bean method's argument that is not Simple (unclosed ${)", root ->
                        expressionAt(root, "repair-confirm-link.yaml", "- bean:", "method:", line -> line.replaceFirst("}", "")),
                        "argument 1 of method 'gaveUp' (${header.incidentId): expected symbol functionEnd"),
                new Edit("a header's value in JSONPath, a language the hub does not ship", root ->
                        expressionAt(root, "channel-sms.yaml", "name: twilioError", "simple:", line -> "jsonpath: \"$.request.method\""),
                        "No language could be found for: jsonpath"),
                new Edit("a toD's uri with an unclosed ${", root ->
                        expressionAt(root, "belvo-api.yaml", "- choice:", "- toD:", line -> line.replaceFirst("}", "")),
                        "expected symbol functionEnd but was eol at location"),
                new Edit("a header's value with an unclosed ${", root ->
                        expressionAt(root, "belvo-api.yaml", "- setHeader:", "simple:", line -> line.replaceFirst("}", "")),
                        "expected symbol functionEnd but was eol at location"));
    }

    static List<Edit> goodEdits() {
        return List.of(
                new Edit("poll filter changed to invalid links only", root ->
                        signalTableEntry(root, "statuses:", "token_required", "ignore")),
                new Edit("webhook code link_deleted ignored by its own branch", OpsEdits::ignoreAWebhookCode),
                new Edit("template wording changed", root -> {
                    Path subject = templateFile(root, "email-subject.mustache");
                    write(subject, "Action needed: " + read(subject));
                    return new At(root.relativize(subject).toString(), 1);
                }));
    }

    /** Adds a first {@code when} to the webhook routing: LINK link_deleted is stored as ignored. */
    static At ignoreAWebhookCode(Path root) {
        return insertAfter(root, "routes", Pattern.compile("^(\\s+)when:$"), indent -> List.of(
                indent + "  - simple: \"${header.webhookCode} == 'link_deleted'\"",
                indent + "    steps:",
                indent + "      - setHeader:",
                indent + "          name: inboxOutcome",
                indent + "          constant: ignored"), "detect-webhooks.yaml");
    }

    /** Drops belvo-failed from the first route that names it; the mistake is at that route's Belvo call. */
    private static At belvoCallWithoutBelvoFailed(Path root) {
        At policy = replaceFirst(root, "routes", Pattern.compile("(\\s+routeConfigurationId: [a-z-]+),belvo-failed(.*)"),
                m -> m.group(1) + m.group(2));
        List<String> lines = read(root.resolve(policy.file())).lines().toList();
        for (int i = policy.line(); i < lines.size(); i++) {
            if (lines.get(i).contains("direct:belvo.")) {
                return new At(policy.file(), i + 1);
            }
        }
        throw new AssertionError("no Belvo call after " + policy);
    }

    /** Sets the entry {@code signal} of the signal table's {@code section} to {@code value}. */
    private static At signalTableEntry(Path root, String section, String signal, String value) {
        Path file = root.resolve("templates/signals.yaml");
        List<String> lines = new ArrayList<>(read(file).lines().toList());
        int at = lines.indexOf(section);
        for (int i = at + 1; at >= 0 && i < lines.size() && !lines.get(i).isEmpty(); i++) {
            if (lines.get(i).strip().startsWith(signal + ":")) {
                lines.set(i, lines.get(i).substring(0, lines.get(i).indexOf(signal)) + signal + ": " + value);
                write(file, String.join("\n", lines) + "\n");
                return new At(root.relativize(file).toString(), i + 1);
            }
        }
        throw new AssertionError("no " + signal + " under " + section + " in " + file);
    }

    /** Replaces the whole line {@code line} of the signal table. */
    private static At signalTableLine(Path root, String line, String replacement) {
        Path file = root.resolve("templates/signals.yaml");
        List<String> lines = new ArrayList<>(read(file).lines().toList());
        int at = lines.indexOf(line);
        if (at < 0) {
            throw new AssertionError("no line " + line + " in " + file);
        }
        lines.set(at, replacement);
        write(file, String.join("\n", lines) + "\n");
        return new At(root.relativize(file).toString(), at + 1);
    }

    private static At duplicateRouteId(Path root) {
        Pattern id = Pattern.compile("^    id: ([a-z]+\\.[a-z0-9-]+)$");
        String first = null;
        for (Path file : routeFiles(root)) {
            List<String> lines = new ArrayList<>(read(file).lines().toList());
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = id.matcher(lines.get(i));
                if (m.matches()) {
                    if (first == null) {
                        first = m.group(1);
                    } else {
                        lines.set(i, "    id: " + first);
                        write(file, String.join("\n", lines) + "\n");
                        return new At(root.relativize(file).toString(), i + 1);
                    }
                }
            }
        }
        throw new AssertionError("no two route ids found in " + root);
    }

    /**
     * In routes/{@code fileName}, edits the first line that starts with {@code key} after the line
     * {@code after} (both without their indent); the mistake is at the key, in the item
     * ({@code - route:}) above it, whose {@code id} follows.
     */
    private static At expressionAt(Path root, String fileName, String after, String key, Function<String, String> edit) {
        Path file = root.resolve("routes").resolve(fileName);
        List<String> lines = new ArrayList<>(read(file).lines().toList());
        boolean afterIt = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!afterIt) {
                afterIt = line.strip().equals(after);
            } else if (line.strip().startsWith(key)) {
                int indent = line.indexOf(key);
                lines.set(i, line.substring(0, indent) + edit.apply(line.substring(indent)));
                write(file, String.join("\n", lines) + "\n");
                int item = i;
                while (!lines.get(item).matches("- [a-zA-Z]+:")) {
                    item--;
                }
                String kind = lines.get(item).substring(2, lines.get(item).length() - 1);
                return new At(root.relativize(file).toString(), i + 1, indent + (key.startsWith("- ") ? 3 : 1),
                        kind + " " + lines.get(item + 1).strip().substring("id: ".length()));
            }
        }
        throw new AssertionError("no line " + key + " after " + after + " in " + file + ": the shipped routes changed, update this edit");
    }

    /**
     * Misnames the last Simple function of every line whose value holds a {@code ${...}} (a Simple
     * expression, a toD's uri, a log's message, a bean method's arguments): {@code ${oopsbody}}, a
     * mistake of its own on each line.
     */
    static List<At> breakEveryExpression(Path root) {
        Pattern expression = Pattern.compile("\\s+(- )?[a-zA-Z]+: .*\\$\\{[^}]*}.*");
        List<At> broken = new ArrayList<>();
        for (Path file : routeFiles(root)) {
            List<String> lines = new ArrayList<>(read(file).lines().toList());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (expression.matcher(line).matches()) {
                    lines.set(i, line.substring(0, line.lastIndexOf("${") + 2) + "oops" + line.substring(line.lastIndexOf("${") + 2));
                    broken.add(new At(root.relativize(file).toString(), i + 1));
                }
            }
            write(file, String.join("\n", lines) + "\n");
        }
        return broken;
    }

    static At replaceFirst(Path root, String folder, Pattern line, Function<Matcher, String> replacement) {
        for (Path file : folder.equals("routes") ? routeFiles(root) : List.<Path>of()) {
            List<String> lines = new ArrayList<>(read(file).lines().toList());
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = line.matcher(lines.get(i));
                if (m.matches()) {
                    lines.set(i, replacement.apply(m));
                    write(file, String.join("\n", lines) + "\n");
                    return new At(root.relativize(file).toString(), i + 1);
                }
            }
        }
        throw new AssertionError("no line like " + line + " in " + root.resolve(folder) + ": the shipped routes changed, update this edit");
    }

    static At insertAfter(Path root, String folder, Pattern line, Function<String, List<String>> inserted, String fileName) {
        Path file = root.resolve(folder).resolve(fileName);
        List<String> lines = new ArrayList<>(read(file).lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = line.matcher(lines.get(i));
            if (m.matches()) {
                lines.addAll(i + 1, inserted.apply(m.group(1)));
                write(file, String.join("\n", lines) + "\n");
                return new At(root.relativize(file).toString(), i + 2);
            }
        }
        throw new AssertionError("no line like " + line + " in " + file);
    }

    static List<Path> routeFiles(Path root) {
        try (Stream<Path> files = Files.list(root.resolve("routes"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first file called {@code name} of root's templates/, found as the hub reads the folder
     * ({@link MountedFolder}): in a ConfigMap volume (RoutesWatchTest's), through its links, not in the
     * kubelet's {@code ..} folder beneath, whose name changes at every update.
     */
    private static Path templateFile(Path root, String name) {
        Path templates = root.resolve("templates");
        return MountedFolder.files(templates).stream().filter(f -> f.getFileName().toString().equals(name)).sorted()
                .findFirst().map(templates::resolve)
                .orElseThrow(() -> new AssertionError("no " + name + " under " + templates));
    }

    /** Asserts that {@code output} reports the mistake at its file and line (give or take one). */
    static void assertReported(String output, Path root, At at) {
        Path file = root.resolve(at.file());
        Matcher line = Pattern.compile(Pattern.quote(file.toString()) + ":(\\d+):\\d+: error: .+").matcher(output);
        List<Integer> lines = new ArrayList<>();
        while (line.find()) {
            lines.add(Integer.parseInt(line.group(1)));
        }
        assertThat(lines).as("lines reported for %s in:%n%s", file, output)
                .anySatisfy(reported -> assertThat(reported).isBetween(at.line() - 1, at.line() + 1));
    }

    /**
     * Asserts that {@code output} reports {@code mistake} at its file and line, saying what it is; a
     * mistake with a column at exactly that line and column, after what holds it.
     */
    static void assertReported(String output, Path root, At at, Edit mistake) {
        if (at.column() > 0) {
            assertThat(output).contains(root.resolve(at.file()) + ":" + at.line() + ":" + at.column() + ": error: " + at.where() + ": "
                    + mistake.says());
            return;
        }
        assertReported(output, root, at);
        assertThat(output).contains(mistake.says());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
