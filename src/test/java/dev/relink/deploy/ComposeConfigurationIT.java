package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.relink.support.FreePorts;
import dev.relink.support.JarProcess;
import dev.relink.support.OpsSession;
import dev.relink.support.SharedPostgres;
import dev.relink.support.TempDirectories;

/**
 * Docker has no engine here, so this runs what the container runs: target/relink.jar with the
 * environment docker/compose.yaml and docker/Dockerfile pass, against a real PostgreSQL and a
 * real SMTP server standing in for the compose services.
 */
public class ComposeConfigurationIT {

    static final Path COMPOSE = Path.of("docker", "compose.yaml");
    static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    static final String BELVO_SECRET = "belvo-secret-password-must-not-leak";

    static GreenMail mail;

    @BeforeAll
    static void services() throws Exception {
        SharedPostgres.execute("create user relink password 'relink'");
        SharedPostgres.execute("create database relink owner relink");
        mail = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));
        mail.start();
    }

    @AfterAll
    static void stop() throws IOException {
        mail.stop();
    }

    @Test
    void jarStartsWithTheComposeEnvironmentAgainstPostgres() throws Exception {
        int port = FreePorts.next();
        Path dataDir = TempDirectories.create("relink-compose-");
        Map<String, String> env = new HashMap<>(dockerfileEnvironment());
        Map<String, String> shell = new HashMap<>(GENERATED_SECRETS);
        shell.putAll(Map.of("BELVO_SECRET_ID", "belvo-id", "BELVO_SECRET_PASSWORD", BELVO_SECRET,
                "BELVO_BASE_URL", "http://localhost:" + FreePorts.next()));
        env.putAll(composeEnvironment(shell));
        // the compose services' host names, as this machine reaches them
        env.replaceAll((key, value) -> value
                .replace("postgres:5432", "localhost:" + SharedPostgres.server().getPort())
                .replace("/app/routes", Path.of("routes").toAbsolutePath().toString())
                .replace("/app/templates", Path.of("templates").toAbsolutePath().toString())
                .replace("/app/data", dataDir.toString()));
        env.put("RELINK_MAIL_HOST", "127.0.0.1");
        env.put("RELINK_MAIL_PORT", String.valueOf(mail.getSmtp().getPort()));

        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        try (JarProcess jar = JarProcess.start(env, port, dataDir)) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(jar.uri("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).as("anyone sees the status only").startsWith("{\"status\":\"UP\"")
                    .doesNotContain("PostgreSQL", "components");
            JsonNode details = OpsSession.logIn(jar.uri("").toString(), "ops", GENERATED_SECRETS.get("RELINK_OPS_PASSWORD"))
                    .health("/actuator/health");
            assertThat(details.path("components").path("db").path("details").path("database").asText())
                    .isEqualTo("PostgreSQL");
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jar.uri("/actuator/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as("metrics need the scrape credentials").isEqualTo(401);
            // the prod profile has no emulator
            HttpResponse<String> sandbox = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(jar.uri("/sandbox/api/links/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sandbox.statusCode()).isEqualTo(404);
            // outside local, / leads to the ops console, which asks for its own login
            HttpResponse<String> root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jar.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(root.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/ops"));
            HttpResponse<String> console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jar.uri("/ops")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(console.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/ops/login"));
            assertThat(migratedTables()).contains("incident", "webhook_inbox", "dead_letter", "flyway_schema_history");
            assertThat(jar.output()).doesNotContain(BELVO_SECRET);
            for (String secret : GENERATED_SECRETS.values()) {
                assertThat(jar.output()).doesNotContain(secret);
            }
        }
    }

    @Test
    void composeRefusesToStartWithoutEachSecret() {
        for (String secret : GENERATED_SECRETS.keySet()) {
            Map<String, String> shell = new HashMap<>(GENERATED_SECRETS);
            shell.putAll(Map.of("BELVO_SECRET_ID", "belvo-id", "BELVO_SECRET_PASSWORD", BELVO_SECRET));
            shell.remove(secret);

            assertThatThrownBy(() -> composeEnvironment(shell)).as(secret)
                    .hasMessageContaining("compose requires " + secret).hasMessageContaining("openssl rand -base64 32");
        }
    }

    @Test
    void postgresRefusesToStartWithoutItsPassword() throws IOException {
        assertThatThrownBy(() -> serviceEnvironment("postgres", Map.of()))
                .hasMessageContaining("compose requires POSTGRES_PASSWORD").hasMessageContaining("openssl rand -base64 32");
        assertThat(serviceEnvironment("postgres", GENERATED_SECRETS))
                .containsEntry("POSTGRES_PASSWORD", GENERATED_SECRETS.get("POSTGRES_PASSWORD"));
    }

    /** Mailpit shows every email with live repair links, Prometheus has no login: neither leaves this machine. */
    @Test
    void onlyRelinkIsPublishedBeyondThisMachine() throws IOException {
        Map<String, List<String>> published = new TreeMap<>();
        composeServices().forEach((name, service) -> published.put(name, ports(service)));

        assertThat(published).containsOnlyKeys("relink", "postgres", "mailpit", "prometheus", "grafana");
        assertThat(published.get("mailpit")).containsExactly("127.0.0.1:8025:8025");
        assertThat(published.get("prometheus")).containsExactly("127.0.0.1:9090:9090");
        assertThat(published.get("grafana")).containsExactly("127.0.0.1:3000:3000");
        assertThat(published.get("postgres")).isEmpty();
        published.forEach((name, ports) -> {
            if (!name.equals("relink")) {
                assertThat(ports).as(name).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
            }
        });
    }

    @SuppressWarnings("unchecked")
    static List<String> ports(Map<String, Object> service) {
        return ((List<Object>) service.getOrDefault("ports", List.of())).stream().map(String::valueOf).toList();
    }

    /** What the README tells ops to run: openssl rand -base64 32 for each secret. */
    static final Map<String, String> GENERATED_SECRETS = Map.of(
            "RELINK_API_KEY", randomBase64(),
            "RELINK_SIGNING_KEY", randomBase64(),
            "RELINK_WEBHOOKS_AUTHORIZATION", "Bearer " + randomBase64(),
            "RELINK_OPS_PASSWORD", randomBase64(),
            "POSTGRES_PASSWORD", randomBase64(),
            "RELINK_METRICS_PASSWORD", randomBase64());

    static String randomBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    List<String> migratedTables() throws Exception {
        try (Connection c = SharedPostgres.server().getDatabase("relink", "relink").getConnection();
                ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            List<String> tables = new java.util.ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
            return tables;
        }
    }

    /** services.relink.environment of compose.yaml, with compose's ${VAR:-default} and ${VAR:?error} resolved. */
    static Map<String, String> composeEnvironment(Map<String, String> shellEnv) throws IOException {
        return serviceEnvironment("relink", shellEnv);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> serviceEnvironment(String service, Map<String, String> shellEnv) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) composeServices().get(service).get("environment"))
                .forEach((k, v) -> env.put(k, interpolate(String.valueOf(v), shellEnv)));
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> composeServices() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    static String interpolate(String value, Map<String, String> shellEnv) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)(?::([-?])([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = shellEnv.get(m.group(1));
            if (set == null && "?".equals(m.group(2))) {
                throw new IllegalStateException("compose requires " + m.group(1) + ": " + m.group(3));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(set != null ? set : m.group(3) == null ? "" : m.group(3)));
        }
        return m.appendTail(out).toString();
    }

    /** The ENV lines of the Dockerfile's final stage. */
    public static Map<String, String> dockerfileEnvironment() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Map<String, String> env = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^ENV (.*)$").matcher(finalStage);
        while (line.find()) {
            Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(line.group(1));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }
}
