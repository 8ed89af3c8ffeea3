package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
import dev.relink.support.SharedPostgres;
import dev.relink.support.TempDirectories;

/**
 * A rolling deploy: two replicas of the packaged app (prod profile) on one PostgreSQL take a steady
 * stream of Belvo webhooks through a load balancer (this test: each webhook to the next replica in
 * rotation, and to another when a replica does not answer 2xx, as Belvo delivers again). One replica
 * leaves the rotation and gets SIGTERM, as a pod does, drains within the grace period of
 * docker/kubernetes/ and starts again on the same version while the stream goes on. Then every
 * webhook answered 2xx was processed exactly once, no user was prompted twice, nothing was dead-lettered.
 */
class RollingDeployIT {

    static final int LINKS = 40;
    static final Duration GRACE = Duration.ofSeconds(60); // terminationGracePeriodSeconds (ShutdownBudgetTest)
    static final String WEBHOOK_AUTHORIZATION = JarFixture.WEBHOOK_AUTHORIZATION;
    static final String API_KEY = JarFixture.API_KEY;

    static SharedPostgres.Database postgres;
    static WireMockServer belvo;
    static GreenMail smtp;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<JarProcess> rotation = new CopyOnWriteArrayList<>();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Map<Integer, AtomicInteger> acceptedByPort = new ConcurrentHashMap<>();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();

    @BeforeAll
    static void dependencies() throws Exception {
        postgres = SharedPostgres.freshDatabase();
        belvo = JarFixture.brokenLinksBelvo();
        smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopDependencies() throws Exception {
        smtp.stop();
        belvo.stop();
    }

    @Test
    void aReplicaStoppedAndStartedUnderAStreamOfWebhooksLosesAndRepeatsNothing() throws Exception {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        // both replicas start at once, as a Deployment's pods do (Flyway's lock makes one wait while the other migrates)
        ExecutorService starting = Executors.newFixedThreadPool(2);
        Future<JarProcess> startingA = starting.submit(() -> JarProcess.start(environment(portA), portA,
                TempDirectories.create("relink-rolling-a-")));
        Future<JarProcess> startingB = starting.submit(() -> JarProcess.start(environment(portB), portB,
                TempDirectories.create("relink-rolling-b-")));
        starting.shutdown();
        JarProcess restarted = null;
        ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor();
        try {
            JarProcess a = startingA.get();
            JarProcess b = startingB.get();
            for (int user = 0; user < LINKS; user++) {
                HttpResponse<String> saved = http.send(HttpRequest.newBuilder(a.uri("/api/contacts/" + externalId(user)))
                        .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email(user) + "\", \"locale\": \"en\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
            }
            rotation.addAll(List.of(a, b));
            // a steady 20 webhooks a second, each link's in turn
            stream.scheduleAtFixedRate(() -> deliver(sent.getAndIncrement(), 0), 0, 50, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted(portA) >= 50 && accepted(portB) >= 50);

            // the pod leaves the Service's endpoints and gets SIGTERM; requests it holds are answered
            rotation.remove(a);
            JarProcess.Ended stopped = a.stopGracefully(GRACE);
            assertThat(stopped.output()).contains("Graceful shutdown complete");
            assertThat(stopped.took()).isLessThan(GRACE);
            int beforeRestart = accepted.size();

            restarted = JarProcess.start(environment(portA), portA, TempDirectories.create("relink-rolling-a2-"));
            assertThat(accepted.size()).as("B took the stream alone meanwhile").isGreaterThan(beforeRestart);
            rotation.add(restarted);
            int atRestart = accepted(portA);
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted(portA) >= atRestart + 50);
            stream.shutdown();
            assertThat(stream.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> inFlight.get() == 0);

            // all stored webhooks processed, every link prompted, then quiet for longer than a prompt tick
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
                    single("select count(*) from webhook_inbox where status in ('pending', 'processing')") == 0
                            && single("select count(*) from prompt_delivery where status = 'sent'") >= LINKS);
            int[] seen = {-1};
            await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        int now = smtp.getReceivedMessages().length;
                        boolean same = now == seen[0];
                        seen[0] = now;
                        return same;
                    });

            assertThat(unanswered.get()).as("no webhook went without a 2xx from some replica").isZero();
            Map<String, List<Object>> rows = inbox();
            assertThat(rows.keySet()).as("every webhook answered 2xx is stored").containsAll(accepted);
            rows.forEach((webhook, row) -> assertThat(row).as(webhook + ": status, attempts, error")
                    .containsExactly("done", 1, null));
            assertThat(single("select count(*) from webhook_inbox")).as("each stored once").isEqualTo(rows.size());
            assertThat(single("select count(*) from dead_letter")).as("nothing dead-lettered").isZero();
            assertThat(single("select count(*) from incident")).as("one incident per link").isEqualTo(LINKS);
            assertThat(single("select count(*) from prompt_delivery")).isEqualTo(LINKS);
            MimeMessage[] mails = smtp.getReceivedMessages();
            Map<String, Long> perRecipient = Arrays.stream(mails).map(Mails::recipient)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perRecipient).hasSize(LINKS);
            assertThat(perRecipient.values()).as("nobody prompted twice").allMatch(n -> n == 1);
            System.out.printf("rolling deploy: %d webhooks sent, %d answered 2xx (A before and after its restart, B: %s),"
                    + " A drained in %d ms%n", sent.get(), accepted.size(), acceptedByPort, stopped.took().toMillis());
        } finally {
            stream.shutdownNow();
            for (JarProcess replica : new JarProcess[] {restarted, started(startingB), started(startingA)}) {
                if (replica != null) {
                    replica.close();
                }
            }
        }
    }

    /** The replica its start gave, or null when the start failed (then it closed what it started). */
    private static JarProcess started(Future<JarProcess> start) {
        try {
            return start.get();
        } catch (ExecutionException failed) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Webhook n (link n % LINKS) to the next replica in rotation; to another one when it gets no 2xx. */
    private void deliver(int n, int attempt) {
        List<JarProcess> replicas = new ArrayList<>(rotation);
        if (attempt >= 10 || replicas.isEmpty()) {
            unanswered.incrementAndGet();
            return;
        }
        JarProcess replica = replicas.get((n + attempt) % replicas.size());
        int user = n % LINKS;
        String id = "rolling-" + n;
        String body = JarFixture.tokenRequiredWebhook(id, linkId(user), externalId(user), "req-" + n);
        inFlight.incrementAndGet();
        http.sendAsync(HttpRequest.newBuilder(replica.uri("/webhooks/belvo")).header("Authorization", WEBHOOK_AUTHORIZATION)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure == null && response.statusCode() / 100 == 2) {
                        accepted.add(id);
                        acceptedByPort.computeIfAbsent(replica.port(), p -> new AtomicInteger()).incrementAndGet();
                    } else {
                        deliver(n, attempt + 1);
                    }
                    inFlight.decrementAndGet();
                });
    }

    private int accepted(int port) {
        AtomicInteger count = acceptedByPort.get(port);
        return count == null ? 0 : count.get();
    }

    private Map<String, String> environment(int port) {
        Map<String, String> env = new HashMap<>(JarFixture.prodEnvironment(belvo, smtp.getSmtp().getPort(), port));
        env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        return env;
    }

    /** webhook_id -> (status, attempts, error) of every stored webhook. */
    private static Map<String, List<Object>> inbox() throws Exception {
        Map<String, List<Object>> rows = new HashMap<>();
        try (Connection db = postgres.dataSource().getConnection(); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("select webhook_id, status, attempts, error from webhook_inbox")) {
            while (rs.next()) {
                rows.put(rs.getString(1), Arrays.asList(rs.getString(2), rs.getInt(3), rs.getString(4)));
            }
        }
        return rows;
    }

    private static long single(String sql) throws Exception {
        try (Connection db = postgres.dataSource().getConnection(); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String linkId(int user) {
        return String.format("a0111e00-0000-4000-8000-%012d", user);
    }

    private static String externalId(int user) {
        return "rolling-user-" + user;
    }

    private static String email(int user) {
        return "rolling-user-" + user + "@rolling.example";
    }
}
