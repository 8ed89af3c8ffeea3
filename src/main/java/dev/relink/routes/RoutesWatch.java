package dev.relink.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

import dev.relink.checks.MountedFolder;
import dev.relink.checks.Problem;
import dev.relink.checks.TemplatesInForce;

/**
 * Applies edits to {@code routes/} and {@code templates/} while the hub runs
 * ({@code relink.routes.watch}). Every {@code relink.routes.watch-interval} it compares the files with
 * the version in force; a change that has settled (the same on two looks in a row) is checked with
 * {@link RoutesValidator}, the same checks as {@code relink validate} and start-up. If it passes,
 * the routes of the changed files are replaced ({@link RouteSwaps}) and the templates taken
 * ({@link TemplatesInForce}); if not, nothing changes: the log gets the {@code file:line} lines, the
 * health component {@code routes} turns DEGRADED naming the refused files and why, and
 * {@code relink_routes_edits_total{result="refused"}} counts it. Fixing the file applies it.
 */
@Component("routes")
class RoutesWatch implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesWatch.class);
    private static final Status DEGRADED = new Status("DEGRADED");

    /** Everything the hub loads from the folders: route file name → text, template path → text. */
    record Snapshot(Map<String, String> routes, Map<String, String> templates) {
    }

    /** An edit that did not pass: the files it touched and what is wrong. */
    record Refusal(Snapshot snapshot, Set<String> files, List<Problem> problems, Instant at) {
    }

    private final ConfigurableEnvironment environment;
    private final RouteSwaps swaps;
    private final TemplatesInForce templates;
    private final boolean watch;
    private final Duration interval;
    private final Counter applied;
    private final Counter refused;
    private final AtomicInteger refusedFiles = new AtomicInteger();
    private ScheduledExecutorService timer;
    private volatile Snapshot inForce;
    private Snapshot lastLook;
    private volatile Refusal refusal;
    private volatile Instant appliedAt;

    RoutesWatch(ConfigurableEnvironment environment, RouteSwaps swaps, TemplatesInForce templates, MeterRegistry meters,
            @Value("${relink.routes.watch:true}") boolean watch,
            @Value("${relink.routes.watch-interval:1s}") Duration interval) {
        this.environment = environment;
        this.swaps = swaps;
        this.templates = templates;
        this.watch = watch;
        this.interval = interval;
        this.applied = Counter.builder("relink.routes.edits").tag("result", "applied")
                .description("Edits to routes/ and templates/ applied while running").register(meters);
        this.refused = Counter.builder("relink.routes.edits").tag("result", "refused")
                .description("Edits to routes/ and templates/ refused by the checks (the running version stays)").register(meters);
        meters.gauge("relink.routes.refused.files", refusedFiles);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        inForce = snapshot();
        lastLook = inForce;
        if (watch) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "relink-routes-watch");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Watching {} and {} for edits (relink.routes.watch): each is checked and applied only if it passes",
                    RoutesValidator.routesDir(environment), RoutesValidator.templatesDir(environment));
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void look() {
        try {
            Snapshot now = snapshot();
            Snapshot previous = lastLook;
            lastLook = now;
            if (now.equals(inForce)) {
                clearRefusal();
                return;
            }
            if (!now.equals(previous) || (refusal != null && refusal.snapshot().equals(now))) {
                return; // still being written, or already refused as it is
            }
            Set<String> files = changed(now);
            List<Problem> problems = RoutesValidator.validate(environment);
            if (!problems.isEmpty()) {
                refuse(now, files, problems);
                return;
            }
            apply(now);
        } catch (RuntimeException e) {
            LOG.error("Checking the edited routes and templates failed; the running version stays", e);
        }
    }

    private void apply(Snapshot now) {
        Set<String> routeFiles = new HashSet<>();
        now.routes().forEach((file, text) -> {
            if (!text.equals(inForce.routes().get(file))) {
                routeFiles.add(file);
            }
        });
        inForce.routes().keySet().stream().filter(file -> !now.routes().containsKey(file)).forEach(routeFiles::add);
        try {
            if (!routeFiles.isEmpty()) {
                List<String> routes = swaps.replace(RoutesValidator.routesDir(environment), routeFiles, inForce.routes(),
                        now.routes());
                LOG.info("Edit applied: {} replaced, routes now running from them: {}", routeFiles, routes);
            }
            if (!now.templates().equals(inForce.templates())) {
                templates.apply();
                LOG.info("Edit applied: templates in force updated from {}", RoutesValidator.templatesDir(environment));
            }
            inForce = now;
            appliedAt = Instant.now();
            applied.increment();
            clearRefusal();
        } catch (Exception e) {
            refuse(now, routeFiles, List.of(Problem.inFile(RoutesValidator.routesDir(environment),
                    "Camel could not start the new routes (" + CamelCheck.rootMessage(e) + "); the previous ones run again")));
        }
    }

    private void refuse(Snapshot now, Set<String> files, List<Problem> problems) {
        refusal = new Refusal(now, files, problems, Instant.now());
        refusedFiles.set(files.size());
        refused.increment();
        LOG.error("Edit refused, the running version stays ({} problem(s) in {}):\n{}", problems.size(), files,
                problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    }

    private void clearRefusal() {
        if (refusal != null) {
            LOG.info("The refused edit is gone; the files match the running version again");
        }
        refusal = null;
        refusedFiles.set(0);
    }

    private Set<String> changed(Snapshot now) {
        Set<String> files = new TreeSet<>();
        Path routes = RoutesValidator.routesDir(environment);
        Path templatesDir = RoutesValidator.templatesDir(environment);
        diff(inForce.routes(), now.routes()).forEach(file -> files.add(routes.resolve(file).toString()));
        diff(inForce.templates(), now.templates()).forEach(file -> files.add(templatesDir.resolve(file).toString()));
        return files;
    }

    private static Set<String> diff(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(key -> Objects.equals(before.get(key), after.get(key)));
        return keys;
    }

    @Override
    public Health health() {
        Refusal refused = refusal;
        Health.Builder health = refused == null ? Health.up() : Health.status(DEGRADED)
                .withDetail("refused", refused.files())
                .withDetail("problems", refused.problems().stream().map(Problem::toString).toList())
                .withDetail("refusedAt", refused.at().toString());
        health.withDetail("watch", watch);
        if (inForce != null) {
            // false while an edit waits to be checked, or after one was refused
            health.withDetail("filesInForce", snapshot().equals(inForce));
        }
        if (appliedAt != null) {
            health.withDetail("lastAppliedAt", appliedAt.toString());
        }
        return health.build();
    }

    private Snapshot snapshot() {
        return new Snapshot(read(RoutesValidator.routesDir(environment), false),
                read(RoutesValidator.templatesDir(environment), true));
    }

    static Map<String, String> read(Path dir, boolean deep) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try {
            // templates: every file of the tree, relative to it; routes: the folder's *.yaml, as paths in it
            // (so resolved against the folder only when relative to it: ./routes/x.yaml is not ./routes/./routes/x.yaml)
            for (Path file : deep ? MountedFolder.files(dir) : RoutesValidator.files(dir)) {
                Path path = deep ? dir.resolve(file) : file;
                files.put(dir.relativize(path).toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
