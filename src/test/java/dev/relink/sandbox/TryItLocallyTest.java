package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.icegreen.greenmail.util.GreenMail;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkIntegrationTest;

/**
 * The README's "Try it locally", pasted as a reader would: each command of its shell blocks runs in
 * bash against this Relink (8080 swapped for the test's port, the demo user and email for fresh ones), shell
 * variables carried from one command to the next, and each answer is what the README's comment says.
 */
class TryItLocallyTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    GreenMail smtp;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theReadmeWalkThroughWorksPastedLineByLine() throws Exception {
        boolean tools = Arrays.stream(new String[] {"bash", "curl", "grep"}).allMatch(TryItLocallyTest::onPath);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(tools, "Skipping the README walk-through: bash, curl or grep is missing.");
        }
        assertThat(tools).as("CI must have bash, curl and grep (.ci/run installs curl)").isTrue();
        String user = "walk-" + UUID.randomUUID();
        String email = user + "@example.com";
        List<String> commands = commands(Files.readString(Path.of("README.md")).replace("localhost:8080",
                "localhost:" + port).replace("demo-user-42", user).replace("ana@example.com", email));
        Path state = Files.createTempFile("relink-walk-", ".sh");

        assertThat(commands).hasSize(16);
        assertThat(run(commands.get(0), state)).matches("[0-9a-f-]{36}\n");
        assertThat(run(commands.get(1), state)).startsWith("{\"email\":\"" + email + "\",\"locale\":\"es\","
                + "\"external_id\":\"" + user + "\",");
        assertThat(run(commands.get(2), state)).contains("\"status\":202,\"responseBody\":");
        runUntil(commands.get(3), state, answer -> answer.contains("\"state\":\"prompting\",\"reason\":\"token_required\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        assertThat(run(commands.get(4), state)).startsWith("http://localhost:" + port + "/repair/");
        assertThat(run(commands.get(5), state)).contains("\"status\":\"valid\"");
        assertThat(run(commands.get(6), state)).isEqualTo("202\n");
        runUntil(commands.get(7), state, answer -> answer.contains("\"state\":\"resolved\""));
        assertThat(run(commands.get(8), state)).startsWith("{\"by\":\"institution\",")
                .containsPattern("\\{\"group\":\"heimdall_mx_retail\",\"incidents\":[1-9][0-9]*,[^}]*\"widget_success\":[1-9][^}]*\"repaired\":[1-9]");
        assertThat(run(commands.get(9), state)).startsWith("{\"items\":[{\"id\":\"sms-first\",\"status\":\"draft\",");

        // a bank outage (other tests of this context may have left links at Gringotts: at least the 20)
        assertThat(run(commands.get(10), state)).isEmpty();
        assertThat(run(commands.get(11), state)).contains("\"status\":\"down\"");
        assertThat(run(commands.get(12), state)).contains("\"status\":\"invalid\"").containsPattern("\"links\":[1-9][0-9]+");
        pollGringotts();
        runUntil(commands.get(13), state, answer -> answer.matches("(?s)\\{\"items\":\\[\\{.*\"institution\":\"gringotts_mx_retail\".*")
                && answer.contains("\"cause\":\"belvo_down\"") && answer.contains("\"held_links\":"));
        await().atMost(Duration.ofSeconds(30)).until(this::heldAtGringotts, held -> held >= 20);
        assertThat(run(commands.get(14), state)).contains("\"institution\":\"gringotts_mx_retail\"").containsPattern("\"held_links\":[1-9][0-9]+");
        assertThat(heldAtGringotts()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.institution = 'gringotts_mx_retail' and i.state = 'bank_side'", Long.class)).isZero();
        assertThat(run(commands.get(15), state)).contains("\"status\":\"healthy\"");
        camel.sendBody("direct:institution.read-health", null); // the next poll: Belvo's word is healthy again
        assertThat(run(commands.get(13), state)).isEqualTo("{\"items\":[]}");
    }

    /**
     * What the local profile's poll does every minute, for the walk-through's bank only (this context's
     * other tests leave broken links at other banks): Belvo's word on its institutions first, then the
     * listing of the bank's broken links, each a signal.
     */
    void pollGringotts() {
        camel.sendBody("direct:institution.read-health", null);
        camel.sendBodyAndHeaders("direct:belvo.list-links", null, Map.of("belvoQuery", Map.of("status__in",
                "invalid,token_required", "institution", "gringotts_mx_retail"), "onPage", "direct:detect.poll-page"));
    }

    long heldAtGringotts() {
        return jdbc.queryForObject("select count(*) from incident where institution = 'gringotts_mx_retail' and state = 'held'",
                Long.class);
    }

    /** The commands of the section's shell blocks: continuation lines joined, comments dropped. */
    static List<String> commands(String readme) {
        String section = readme.substring(readme.indexOf("## Try it locally"), readme.indexOf("## Where to go next"));
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        boolean inBlock = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inBlock = line.equals("```bash");
            } else if (inBlock && !line.startsWith("#")) {
                command.append(line).append('\n');
                if (!line.endsWith("\\")) {
                    commands.add(command.toString());
                    command.setLength(0);
                }
            }
        }
        return commands;
    }

    /** One command in a fresh bash that starts from, and leaves, the shell variables in {@code state}. */
    static String run(String command, Path state) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", ". '" + state + "'\n" + command
                + "declare -p LINK REPAIR > '" + state + "' 2>/dev/null\n").redirectErrorStream(true).start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    /** Runs a read-only command until its answer is the expected one (Relink works asynchronously). */
    static void runUntil(String command, Path state, Predicate<String> expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> run(command, state), expected);
    }

    static boolean onPath(String tool) {
        return Arrays.stream(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
