package dev.relink.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.checks.MountedFolder;
import dev.relink.checks.TemplatesInForce;

/**
 * The local app of {@link RelinkIntegrationTest} as a deployment sets it up, for the classes that need a
 * setting bound at start-up that the other bases must not have:
 * <ul>
 * <li>{@code routes/} and {@code templates/} of the project mounted as Kubernetes ConfigMap volumes, as the
 * production overlay mounts them ({@link ConfigMapVolume}: each entry a link through {@code ..data} to a
 * timestamped folder), at {@link #FOLDERS}{@code /routes} and {@code /templates}, watched for edits every
 * 200 ms. A class may update a volume as the kubelet does ({@link ConfigMapVolume#update}) or edit its files
 * in place, as ops edit a folder (the app reads through the links, so a write to {@code routes/x.yaml} is an
 * edit of that file); after each test the shipped files are put back, in place, and the test ends once the
 * app runs them again ({@link #shippedFilesBack()}), so each class finds the folders as shipped;</li>
 * <li>mail slowed to 6 a second over 3 connections, so that prompts are still queued for the mail server
 * while an edit replaces their route;</li>
 * <li>a brand of its own ({@code relink.brand.*}): the app "Finanzas Ya", its logo on a host of its own
 * ({@link #CDN}), colour {@code #d6336c}, support and privacy links. The other bases keep the default
 * brand, whose words their classes check.</li>
 * </ul>
 */
public abstract class RelinkOnConfigMaps extends RelinkIntegrationTest {

    /** The two ConfigMap volumes the app runs from: {@code FOLDERS/routes}, {@code FOLDERS/templates}. */
    public static final Path FOLDERS = TempDirectories.create("relink-configmaps-");
    private static final List<String> SHIPPED = List.of("routes", "templates");

    /** The brand's logo host, serving {@code /logo.svg}. */
    public static final WireMockServer CDN = new WireMockServer(options().dynamicPort());

    static {
        SHIPPED.forEach(folder -> ConfigMapVolume.of(Path.of(folder), FOLDERS.resolve(folder)));
        CDN.start();
        try (InputStream logo = RelinkOnConfigMaps.class.getResourceAsStream("/brand/finanzas-ya-logo.svg")) {
            CDN.stubFor(get(urlEqualTo("/logo.svg")).willReturn(aResponse().withHeader("Content-Type", "image/svg+xml")
                    .withBody(logo.readAllBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void configMapsMailAndBrand(DynamicPropertyRegistry registry) {
        registry.add("relink.routes-dir", () -> FOLDERS.resolve("routes").toString());
        registry.add("relink.templates-dir", () -> FOLDERS.resolve("templates").toString());
        registry.add("relink.routes.watch-interval", () -> "200ms");
        registry.add("relink.mail.rate-per-second", () -> "6");
        registry.add("relink.mail.connections", () -> "3");
        registry.add("relink.brand.app-name", () -> "Finanzas Ya");
        registry.add("relink.brand.logo-url", () -> CDN.baseUrl() + "/logo.svg");
        registry.add("relink.brand.primary-color", () -> "#d6336c");
        registry.add("relink.brand.support-url", () -> "mailto:ayuda@finanzasya.example");
        registry.add("relink.brand.privacy-url", () -> "https://finanzasya.example/privacidad");
    }

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected TemplatesInForce templates;

    /** The watcher's health component ({@code routes.RoutesWatch}), read here without an ops login. */
    @Autowired
    @Qualifier("routes")
    private HealthIndicator routesWatch;

    /**
     * Writes back, in place, each shipped file a test changed (through the volume's links, into the folder
     * {@code ..data} names now), then waits until the app runs the shipped files again: the watcher UP with the
     * files on disk in force, every shipped route there and running unless its file switches it off, the
     * templates in force the shipped ones.
     */
    @AfterEach
    void shippedFilesBack() {
        for (String folder : SHIPPED) {
            Map<String, String> mounted = files(FOLDERS.resolve(folder));
            files(Path.of(folder)).forEach((file, text) -> {
                if (!text.equals(mounted.get(file))) {
                    write(FOLDERS.resolve(folder).resolve(file), text);
                }
            });
        }
        long shippedRoutes = shippedRoutes();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Health health = routesWatch.health();
            return Status.UP.equals(health.getStatus()) && Boolean.TRUE.equals(health.getDetails().get("filesInForce"))
                    && camel.getRoutes().size() == shippedRoutes && camel.getRoutes().stream().allMatch(this::runsIfItShould)
                    && files(templates.dir()).equals(files(Path.of("templates")));
        });
    }

    /** How many routes the shipped route files make: their routes and their templated routes (each one route). */
    protected static long shippedRoutes() {
        return files(Path.of("routes")).entrySet().stream().filter(file -> file.getKey().endsWith(".yaml"))
                .map(Map.Entry::getValue).mapToLong(text -> text.lines().filter(line -> line.equals("- route:") || line.equals("- templatedRoute:")).count())
                .sum();
    }

    /** Started, unless its file switches it off (email.read-bounces without relink.mail.bounces.enabled). */
    protected boolean runsIfItShould(Route route) {
        return camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted() == route.isAutoStartup();
    }

    /** Every file of a folder as the app reads it ({@link MountedFolder}): relative path → text. */
    private static Map<String, String> files(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try {
            for (Path file : MountedFolder.files(dir)) {
                files.put(file.toString(), Files.readString(dir.resolve(file), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
