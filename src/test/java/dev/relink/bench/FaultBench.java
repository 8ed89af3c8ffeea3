package dev.relink.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.relink.support.FreePorts;
import dev.relink.support.JarFixture;
import dev.relink.support.JarProcess;
import dev.relink.support.TempDirectories;

/**
 * Nothing stranded (issue 23): two replicas of the packaged app (prod profile, no poll: webhooks
 * alone) on one real PostgreSQL, reached through a proxy this benchmark can cut, under a steady
 * stream of Belvo webhooks from a sender that retries what fails ({@link RetryingSender}), with claim
 * leases of {@code bench.lease} (30 s). Each fault gets links of its own ({@code bench.links}, 200,
 * three webhooks each over {@code bench.stream-seconds}, 20) and strikes 6 s into the stream. Then,
 * once everything settled, the ledger: every webhook answered 2xx stored once and processed once (one
 * signal line on its incident), every link one incident that reached a decision (prompted: step 0
 * sent; or parked, resolved, closed), dead letters replayed to completion, nobody emailed twice; and
 * the time from the fault to settled. The last round is the scenario of issue 23's first paragraph
 * ({@code bench.scenario-links}, 3,000). {@code bench.faults} picks rounds. Run with {@code bench/run-faults.sh}.
 */
public final class FaultBench {

    static final int LINKS = Integer.getInteger("bench.links", 200);
    static final int PER_LINK = 3;
    static final Duration STREAM = Duration.ofSeconds(Long.getLong("bench.stream-seconds", 20));
    static final int SCENARIO_LINKS = Integer.getInteger("bench.scenario-links", 3000);
    static final Duration SCENARIO_STREAM = Duration.ofSeconds(Long.getLong("bench.scenario-stream-seconds", 40));
    static final Duration FAULT_AT = Duration.ofSeconds(6);
    static final String LEASE = System.getProperty("bench.lease", "30s");
    static final Duration PATIENCE = Duration.ofSeconds(Long.getLong("bench.patience", 900));
    static final List<String> FAULTS = List.of(System.getProperty("bench.faults",
            "scenario,kill-9,postgres-crash,postgres-unreachable,belvo-failing,smtp-refusing,graceful-stop").split(","));

    private final CrashablePostgres postgres;
    private final CuttableProxy proxy;
    private final WireMockServer belvo;
    private final RestartableSmtp smtp;
    private final Replica a;
    private final Replica b;
    private final ScheduledExecutorService faults = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newHttpClient();

    private FaultBench(CrashablePostgres postgres, CuttableProxy proxy, WireMockServer belvo, RestartableSmtp smtp) {
        this.postgres = postgres;
        this.proxy = proxy;
        this.belvo = belvo;
        this.smtp = smtp;
        this.a = new Replica("a");
        this.b = new Replica("b");
    }

    /** Argument: where to write the Markdown table. Exits 1 if any round's ledger did not balance. */
    public static void main(String[] args) throws Exception {
        WireMockServer belvo = JarFixture.brokenLinksBelvo();
        List<Round> rounds = new ArrayList<>();
        try (CrashablePostgres postgres = CrashablePostgres.start(); CuttableProxy proxy = new CuttableProxy(postgres.port());
                RestartableSmtp smtp = new RestartableSmtp()) {
            FaultBench bench = new FaultBench(postgres, proxy, belvo, smtp);
            try {
                bench.a.start(); // one after the other: two starts at once on two busy CPUs take longer than both in turn
                bench.b.start();
                for (int i = 0; i < FAULTS.size(); i++) {
                    Round round = bench.round(i, FAULTS.get(i));
                    System.out.println(round.row());
                    rounds.add(round);
                }
            } finally {
                bench.faults.shutdownNow();
                bench.a.close();
                bench.b.close();
            }
        } finally {
            belvo.stop();
        }
        StringBuilder table = new StringBuilder("| fault | webhooks answered 2xx / sent | sender retries | unanswered "
                + "| stored, processed once | of which marked failed | re-claimed after a lease | incidents (1 per link) | decided | dead letters replayed "
                + "| emails (twice) | step 0 in flight at a kill | fault → settled | balanced |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rounds.forEach(round -> table.append(round.row()).append('\n'));
        Files.writeString(Path.of(args[0]), table);
        System.exit(rounds.stream().allMatch(Round::balanced) ? 0 : 1);
    }

    /** One fault on links of its own: stream, fault, settle, ledger. */
    private Round round(int index, String fault) throws Exception {
        boolean scenario = "scenario".equals(fault);
        int links = scenario ? SCENARIO_LINKS : LINKS;
        String prefix = "r" + index;
        putContacts(prefix, links);
        long deadLettersBefore = single("select coalesce(max(id), 0) from dead_letter");
        try (RetryingSender sender = new RetryingSender(List.of(a.port, b.port), PATIENCE)) {
            long started = System.nanoTime();
            sender.stream(links * PER_LINK, scenario ? SCENARIO_STREAM : STREAM, n -> {
                String id = prefix + "-" + n;
                int user = n % links;
                return new String[] {id, JarFixture.tokenRequiredWebhook(id, linkId(index, user), externalId(prefix, user),
                        "req-" + id)};
            });
            CompletableFuture<Void> over = inject(fault);
            long faultAt = started + FAULT_AT.toNanos();
            AtomicLong replayed = new AtomicLong();
            AtomicLong lastReplay = new AtomicLong();
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                if (!sender.done()) {
                    return false;
                }
                Settle now = settle(prefix, index, killed(fault), deadLettersBefore);
                if (now.pendingDeadLetters() > 0 && now.inboxOpen() == 0
                        && System.nanoTime() - lastReplay.get() > TimeUnit.SECONDS.toNanos(15)) {
                    replayed.addAndGet(replayDeadLetters());
                    lastReplay.set(System.nanoTime());
                }
                return now.settled(links, mailsOf(prefix).size());
            });
            double settledIn = (System.nanoTime() - faultAt) / 1e9;
            over.join(); // a replica's restart may outlast the settling: the next round needs both
            return ledger(fault, prefix, index, links, sender, replayed.get(), settledIn);
        }
    }

    /** Schedules the fault (6 s into the stream) and whatever ends it; completes once it is over. */
    private CompletableFuture<Void> inject(String fault) {
        return switch (fault) {
            case "kill-9" -> at(FAULT_AT, () -> {
                a.kill();
                a.start();
            });
            case "graceful-stop" -> at(FAULT_AT, () -> {
                a.stop();
                a.start();
            });
            case "postgres-crash" -> at(FAULT_AT, postgres::crash).thenCompose(x -> at(Duration.ofSeconds(6), postgres::restart));
            case "postgres-unreachable" -> at(FAULT_AT, proxy::cut).thenCompose(x -> at(Duration.ofSeconds(30), proxy::restore));
            case "belvo-failing" -> belvoFailing();
            case "smtp-refusing" -> at(FAULT_AT, smtp::refuse).thenCompose(x -> at(Duration.ofSeconds(60), smtp::accept));
            // issue 23's first paragraph: kill -9 at 6 s (restarted a minute later), PostgreSQL down 8 s later for 6 s
            case "scenario" -> CompletableFuture.allOf(
                    at(FAULT_AT, a::kill).thenCompose(x -> at(Duration.ofSeconds(60), a::start)),
                    at(FAULT_AT.plusSeconds(8), postgres::crash).thenCompose(x -> at(Duration.ofSeconds(6), postgres::restart)));
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        };
    }

    /** Belvo answers 500 for 30 s, then 429 for 30 s, to every request. */
    private CompletableFuture<Void> belvoFailing() {
        StubMapping[] stub = new StubMapping[1];
        return at(FAULT_AT, () -> stub[0] = belvo.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(500))))
                .thenCompose(x -> at(Duration.ofSeconds(30), () -> {
                    belvo.removeStub(stub[0]);
                    stub[0] = belvo.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(429)
                            .withHeader("Retry-After", "5")));
                }))
                .thenCompose(x -> at(Duration.ofSeconds(30), () -> belvo.removeStub(stub[0])));
    }

    interface Step {
        void run() throws Exception;
    }

    private CompletableFuture<Void> at(Duration after, Step step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        faults.schedule(() -> {
            try {
                step.run();
                done.complete(null);
            } catch (Exception | AssertionError e) {
                done.completeExceptionally(e);
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    /**
     * {@code inFlight}: in a round that kills a replica, step-0 deliveries still {@code sending} half a
     * minute on, i.e. in flight when it died. A prompt is sent at most once (docs/operations.md): such
     * a step is not sent again, and its user may or may not have had the email; the next step is the
     * ladder's. In any other round every step must end sent.
     */
    record Settle(long inboxOpen, long decided, long inFlight, long pendingDeadLetters) {

        boolean settled(int links, int mailed) {
            return inboxOpen == 0 && decided == links && pendingDeadLetters == 0 && mailed + inFlight >= links;
        }
    }

    private Settle settle(String prefix, int index, boolean killed, long deadLettersBefore) throws Exception {
        String round = "i.link_id like '" + linkPrefix(index) + "%'";
        String stepZero = "select 1 from prompt_delivery d where d.incident_id = i.id and d.step = 0 and ";
        String stuck = killed ? "(d.status = 'sending' and d.updated_at < now() - interval '30 seconds')" : "false";
        return new Settle(
                single("select count(*) from webhook_inbox where webhook_id like '" + prefix + "-%' and status in ('pending', 'processing')"),
                single("select count(*) from incident i where " + round + " and ("
                        + "i.state in ('no_contact', 'resolved', 'expired', 'deleted') or (i.state = 'prompting' and exists ("
                        + stepZero + "(d.status = 'sent' or " + stuck + "))))"),
                single("select count(*) from incident i where " + round + " and exists (" + stepZero + stuck + ")"),
                single("select count(*) from dead_letter where status = 'pending' and id > " + deadLettersBefore));
    }

    private long replayDeadLetters() throws Exception {
        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(live().uri("/api/dead-letters/replay"))
                .header("Authorization", "Bearer " + JarFixture.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("replayed dead letters: " + replay.statusCode() + " " + replay.body());
        return replay.statusCode() == 200 ? Long.parseLong(replay.body().replaceAll("(?s).*\"replayed\"\\s*:\\s*(\\d+).*", "$1")) : 0;
    }

    /** What the round left, balanced against what the sender had answered 2xx. */
    private Round ledger(String fault, String prefix, int index, int links, RetryingSender sender, long replayed,
            double settledIn) throws Exception {
        Map<String, Object[]> inbox = new HashMap<>();
        Map<String, Long> signals = new HashMap<>();
        Map<String, Long> incidents = new HashMap<>();
        try (Connection db = postgres.connect()) {
            query(db, "select webhook_id, status, attempts from webhook_inbox where webhook_id like '" + prefix + "-%'",
                    rs -> inbox.put(rs.getString(1), new Object[] {rs.getString(2), rs.getInt(3)}));
            query(db, "select webhook_id, count(*) from incident_event where type = 'signal' and webhook_id like '"
                    + prefix + "-%' group by webhook_id", rs -> signals.put(rs.getString(1), rs.getLong(2)));
            query(db, "select link_id, count(*) from incident where link_id like '" + linkPrefix(index) + "%' group by link_id",
                    rs -> incidents.put(rs.getString(1), rs.getLong(2)));
        }
        Settle settle = settle(prefix, index, killed(fault), Long.MAX_VALUE);
        Set<String> accepted = new HashSet<>(sender.accepted);
        long storedOnce = accepted.stream().filter(id -> inbox.containsKey(id) && signals.getOrDefault(id, 0L) == 1).count();
        long markedFailed = accepted.stream().filter(id -> inbox.containsKey(id) && "failed".equals(inbox.get(id)[0])).count();
        long reclaimed = inbox.values().stream().filter(row -> (int) row[1] > 1).count();
        long oneIncident = incidents.values().stream().filter(n -> n == 1).count();
        Map<String, Long> mails = mailsOf(prefix);
        long twice = mails.values().stream().filter(n -> n > 1).count();
        long pendingDeadLetters = single("select count(*) from dead_letter where status = 'pending'");
        boolean balanced = sender.unanswered.get() == 0 && storedOnce == accepted.size()
                && accepted.size() == links * PER_LINK && inbox.size() == accepted.size()
                && oneIncident == links && incidents.size() == links && settle.decided() == links
                && mails.size() + settle.inFlight() >= links && twice == 0 && pendingDeadLetters == 0;
        String row = String.format(Locale.ROOT, "| %s | %,d / %,d | %,d | %d | %,d | %,d | %,d | %,d (%,d) | %,d | %d | %,d (%d) | %d | %.0f s | %s |",
                label(fault), accepted.size(), links * PER_LINK, sender.retries.get(), sender.unanswered.get(), storedOnce,
                markedFailed, reclaimed, oneIncident, incidents.size(), settle.decided(), replayed, mails.size(), twice, settle.inFlight(),
                settledIn, balanced ? "yes" : "**no**");
        return new Round(row, balanced);
    }

    record Round(String row, boolean balanced) {
    }

    private static boolean killed(String fault) {
        return "kill-9".equals(fault) || "scenario".equals(fault);
    }

    private static String label(String fault) {
        return switch (fault) {
            case "kill-9" -> "`kill -9` of a replica (restarted at once)";
            case "postgres-crash" -> "PostgreSQL immediate stop, back 6 s later";
            case "postgres-unreachable" -> "PostgreSQL unreachable 30 s (proxy cut)";
            case "belvo-failing" -> "Belvo 500 for 30 s, then 429 for 30 s";
            case "smtp-refusing" -> "SMTP refusing connections for 60 s";
            case "graceful-stop" -> "graceful stop of a replica mid-stream (restarted)";
            case "scenario" -> String.format(Locale.ROOT, "issue 23: %,d links × 3, `kill -9` at 6 s (back 60 s later), "
                    + "PostgreSQL immediate stop at 14 s (back at 20 s)", SCENARIO_LINKS);
            default -> fault;
        };
    }

    private Map<String, Long> mailsOf(String prefix) {
        Map<String, Long> mine = new TreeMap<>();
        smtp.perRecipient().forEach((to, n) -> {
            if (to.endsWith("@" + prefix + ".faults.example")) {
                mine.put(to, n);
            }
        });
        return mine;
    }

    private void putContacts(String prefix, int links) throws Exception {
        Semaphore parallel = new Semaphore(16);
        List<CompletableFuture<?>> saved = new ArrayList<>();
        for (int user = 0; user < links; user++) {
            parallel.acquire();
            String body = "{\"email\": \"u" + user + "@" + prefix + ".faults.example\", \"locale\": \"en\"}";
            saved.add(http.sendAsync(HttpRequest.newBuilder(live().uri("/api/contacts/" + externalId(prefix, user)))
                            .header("Authorization", "Bearer " + JarFixture.API_KEY).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> parallel.release())
                    .thenAccept(response -> {
                        if (response.statusCode() / 100 != 2) {
                            throw new IllegalStateException("contact: " + response.statusCode() + " " + response.body());
                        }
                    }));
        }
        CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new)).join();
    }

    private JarProcess live() {
        return b.jar != null ? b.jar : a.jar;
    }

    interface Row {
        void read(ResultSet rs) throws Exception;
    }

    private static void query(Connection db, String sql, Row row) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    private long single(String sql) throws Exception {
        try (Connection db = postgres.connect(); PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String linkPrefix(int index) {
        return String.format(Locale.ROOT, "fa%06d-", index);
    }

    private static String linkId(int index, int user) {
        return linkPrefix(index) + String.format(Locale.ROOT, "0000-4000-8000-%012d", user);
    }

    private static String externalId(String prefix, int user) {
        return "faults-" + prefix + "-u" + user;
    }

    /** One replica: always the same port (the load balancer's target), a new working directory per start. */
    private final class Replica implements AutoCloseable {

        final String name;
        final int port = FreePorts.next();
        volatile JarProcess jar;

        Replica(String name) {
            this.name = name;
        }

        void start() {
            try {
                Map<String, String> env = new HashMap<>(JarFixture.prodEnvironment(belvo, smtp.port(), port));
                env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl(proxy.port()));
                env.put("SPRING_DATASOURCE_USERNAME", "postgres");
                env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
                env.put("RELINK_POLL_CRON", "0 0 0 1 1 ? 2099"); // webhooks alone: no poll rescues a stranded incident
                env.put("RELINK_INBOX_CLAIM_TIMEOUT", LEASE);
                env.put("RELINK_PROMPT_CLAIM_LEASE", LEASE);
                env.put("RELINK_DETECT_RECHECK_LEASE", LEASE);
                env.put("RELINK_DETECT_STRANDED_SWEEP_INTERVAL", "5000");
                // the client compiler only: on two CPUs shared with other work a start then fits in JarProcess' 5 minutes
                env.put("JAVA_TOOL_OPTIONS", System.getProperty("bench.replica-jvm-options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
                jar = JarProcess.start(env, port, TempDirectories.create("relink-faults-" + name + "-"));
            } catch (Exception e) {
                throw new IllegalStateException("replica " + name + " did not start", e);
            }
        }

        void kill() throws InterruptedException {
            JarProcess killed = jar;
            jar = null;
            killed.kill();
        }

        void stop() throws Exception {
            JarProcess stopped = jar;
            jar = null;
            JarProcess.Ended ended = stopped.stopGracefully(Duration.ofSeconds(60));
            System.out.println("replica " + name + " stopped in " + ended.took().toMillis() + " ms");
        }

        @Override
        public void close() {
            if (jar != null) {
                jar.close();
            }
        }
    }
}
