package dev.relink.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.relink.support.FreePorts;
import dev.relink.support.JarFixture;
import dev.relink.support.JarProcess;
import dev.relink.support.Mails;
import dev.relink.support.RelinkHttp;
import dev.relink.support.TempDirectories;

/**
 * kill -9 of the packaged app (its own JVM, prod profile, H2 file database) right after it answered
 * the last of 1,000 Belvo webhooks with 202, while it is still working through them. The restarted app
 * on the same data directory must process every stored webhook and prompt no incident twice.
 * Belvo is a WireMock and SMTP a GreenMail, both in this JVM, so they outlive the app's crash.
 */
class CrashRecoveryIT {

    static final int LINKS = 250;
    static final int WEBHOOKS_PER_LINK = 4;
    static final String WEBHOOK_AUTHORIZATION = JarFixture.WEBHOOK_AUTHORIZATION;
    static final String API_KEY = JarFixture.API_KEY;

    static WireMockServer belvo;
    static GreenMail smtp;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void dependencies() {
        belvo = JarFixture.brokenLinksBelvo();
        smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopDependencies() {
        smtp.stop();
        belvo.stop();
    }

    @Test
    void afterKillMinusNineEveryStoredWebhookIsProcessedAndNoIncidentIsPromptedTwice() throws Exception {
        Path dataDir = TempDirectories.create("relink-crash-");
        int port = FreePorts.next();
        Map<String, String> env = prodEnvironment(dataDir, port);

        int mailsBeforeKill;
        try (JarProcess first = JarProcess.start(env, port, dataDir)) {
            for (int user = 0; user < LINKS; user++) {
                HttpResponse<String> saved = send(HttpRequest.newBuilder(first.uri("/api/contacts/" + externalId(user)))
                        .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email(user) + "\", \"locale\": \"en\"}")));
                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
            }

            List<Integer> statuses = postWebhooks(first);
            assertThat(statuses).hasSize(LINKS * WEBHOOKS_PER_LINK).containsOnly(202);
            first.kill();
            mailsBeforeKill = smtp.getReceivedMessages().length;
        }

        try (JarProcess second = JarProcess.start(env, port, dataDir)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    metric(second, "relink_inbox_backlog") == 0 && prompting(second) == LINKS);
            // All 250 are prompting (none left open by a re-check the kill cut short: the poll re-checks
            // those). Then quiet: no new mail for longer than the prompt lease plus a tick, so a step the
            // dead JVM had claimed but not recorded has been taken over and sent.
            int[] seen = {-1};
            await().atMost(Duration.ofSeconds(120)).during(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        int now = smtp.getReceivedMessages().length;
                        boolean same = now == seen[0];
                        seen[0] = now;
                        return same;
                    });
        } // a graceful stop: the database is then read as it is left

        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("relink") + ";MODE=Regular",
                "relink", "")) {
            assertThat(rows(db, "select status, count(*) from webhook_inbox group by status"))
                    .as("every stored webhook processed").containsExactly(Map.entry("done", (long) LINKS * WEBHOOKS_PER_LINK));
            assertThat(strings(db, "select distinct error from webhook_inbox where error is not null"))
                    .as("no row given up or failed on the way").isEmpty();
            assertThat(single(db, "select count(*) from incident where open_link_id is not null"))
                    .as("one open incident per link").isEqualTo(LINKS);
            assertThat(single(db, "select count(distinct link_id) from incident")).isEqualTo(LINKS);

            Map<String, Long> deliveries = rows(db, "select status, count(*) from prompt_delivery where step = 0 group by status");
            long stepZero = deliveries.values().stream().mapToLong(Long::longValue).sum();
            assertThat(stepZero).as("each incident's step 0 claimed exactly once: " + deliveries).isEqualTo(LINKS);
            assertThat(single(db, "select count(*) from prompt_delivery where step > 0")).isZero();

            MimeMessage[] mails = smtp.getReceivedMessages();
            Map<String, Long> perRecipient = Arrays.stream(mails).map(Mails::recipient)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perRecipient.values()).as("nobody prompted twice").allMatch(n -> n == 1);
            List<String> sentIds = strings(db, "select provider_id from prompt_delivery where status = 'sent'");
            List<String> messageIds = Arrays.stream(mails).map(Mails::messageId).toList();
            assertThat(messageIds).as("every sent delivery is one received mail").containsAll(sentIds);
            long inFlight = deliveries.getOrDefault("sending", 0L);
            assertThat(deliveries.getOrDefault("sent", 0L) + inFlight).isEqualTo(LINKS);
            assertThat((long) mails.length).as("a mail per sent delivery, plus at most those in flight at the kill")
                    .isBetween((long) sentIds.size(), (long) sentIds.size() + inFlight);
            System.out.printf("crash: %d mails before kill -9, %d after restart; step-0 deliveries %s; "
                    + "%d mails for %d deliveries left 'sending' by the dead JVM%n", mailsBeforeKill,
                    mails.length - mailsBeforeKill, deliveries, mails.length - sentIds.size(), inFlight);
        }
    }

    private Map<String, String> prodEnvironment(Path dataDir, int port) {
        Map<String, String> env = new HashMap<>(JarFixture.prodEnvironment(belvo, smtp.getSmtp().getPort(), port));
        env.put("RELINK_DATA_DIR", dataDir.toString());
        // Short leases so that work the dead JVM held is taken over within seconds, not minutes.
        env.put("RELINK_INBOX_CLAIM_TIMEOUT", "5s");
        env.put("RELINK_PROMPT_CLAIM_LEASE", "2s");
        return env;
    }

    /** 250 links x 4 distinct webhooks, 16 at a time; the answers' status codes. */
    private List<Integer> postWebhooks(JarProcess app) {
        Semaphore concurrent = new Semaphore(16);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int round = 0; round < WEBHOOKS_PER_LINK; round++) {
            for (int user = 0; user < LINKS; user++) {
                String body = JarFixture.tokenRequiredWebhook("crash-" + round + "-" + user, linkId(user), externalId(user),
                        "req-" + round + "-" + user);
                concurrent.acquireUninterruptibly();
                answers.add(http.sendAsync(HttpRequest.newBuilder(app.uri("/webhooks/belvo"))
                                .header("Authorization", WEBHOOK_AUTHORIZATION).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> concurrent.release())
                        .thenApply(HttpResponse::statusCode));
            }
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private long prompting(JarProcess app) throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(app.uri("/api/incidents?state=prompting&size=1"))
                .header("Authorization", "Bearer " + API_KEY));
        Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(page.body());
        return total.find() ? Long.parseLong(total.group(1)) : -1;
    }

    /** Sum of a metric's series at /actuator/prometheus. */
    private double metric(JarProcess app, String name) throws Exception {
        String text = send(HttpRequest.newBuilder(app.uri("/actuator/prometheus"))
                .header("Authorization", RelinkHttp.scrapeAuthorization(JarFixture.METRICS_PASSWORD))).body();
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String linkId(int user) {
        return String.format("c0ffee00-0000-4000-8000-%012d", user);
    }

    private static String externalId(int user) {
        return "crash-user-" + user;
    }

    private static String email(int user) {
        return "crash-user-" + user + "@crash.example";
    }



    private static long single(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> rows(Connection db, String sql) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static List<String> strings(Connection db, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
