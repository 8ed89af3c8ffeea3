package dev.relink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import dev.relink.support.FreePorts;
import dev.relink.support.JarProcess;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.TempDirectories;

/**
 * A bank outage at scale (issue 12): {@code bench.links} broken links (10,000), each with an email
 * contact, and {@code bench.webhooks-per-link} (5) Belvo {@code LINK token_required} webhooks per link
 * fired by {@code bench.senders} (32) senders, against the app in a JVM of its own ({@code -Xmx512m}, local
 * profile, Belvo emulator: the product's classes with src/sandbox beside them, as {@code spring-boot:run}
 * runs them) and an SMTP server in a process of its own ({@link SmtpSink}: {@code bench.smtp} {@code local} or
 * {@code remote}, 40 ms a reply and 120 ms a new connection), {@code bench.connections} (16) SMTP connections, the
 * mail throttle raised.
 * Measures the answers, when every link's first email reached the SMTP server, duplicates, heap, CPU and Belvo reads. {@code bench.databases}: {@code h2} (one replica, H2 file) and/or
 * {@code postgresql} (two replicas on one embedded PostgreSQL, webhooks shared between them as a load
 * balancer would). Run with {@code bench/run-burst.sh}.
 */
public final class BurstBench {

    static final int LINKS = Integer.getInteger("bench.links", 10_000);
    static final int PER_LINK = Integer.getInteger("bench.webhooks-per-link", 5);
    static final int SENDERS = Integer.getInteger("bench.senders", 32);
    static final Duration PATIENCE = Duration.ofSeconds(Long.getLong("bench.patience", 900));
    /** {@code local}: GreenMail on loopback; {@code remote}: a server answering like one across the internet ({@link SmtpSink}). */
    static final String SMTP = System.getProperty("bench.smtp", "local");
    static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
    static final int EMAIL_TARGET_SECONDS = 120;
    static final int P99_TARGET_MS = 5000;
    static final int HEAP_MB = 512;

    private BurstBench() {
    }

    /** What one burst measured while the app ran; times in seconds from the first webhook sent. */
    record Burst(String setup, long webhooks, long accepted, double answeredIn, double p50, double p99,
            double incidentsAt, double inboxDrainedAt, int linksEmailed, double allEmailedAt, int emailedInTarget,
            double medianFirstEmail, int duplicateEmails, List<Double> heapPeakMb, long belvoReads,
            List<Long> emailsByReplica, double appCpuSeconds, double machineBusy, int smtpConnections) {
    }

    /** What the database holds afterwards: links with more than one incident or delivery, dead letters. */
    record Database(int duplicateIncidents, int duplicateDeliveries, int deadLetters) {
    }

    record Result(Burst burst, Database db) {

        boolean targetsMet() {
            return burst.accepted() == burst.webhooks() && burst.p99() < P99_TARGET_MS
                    && burst.emailedInTarget() == LINKS && burst.duplicateEmails() == 0
                    && db.duplicateDeliveries() == 0 && db.duplicateIncidents() == 0
                    && burst.heapPeakMb().stream().allMatch(mb -> mb <= HEAP_MB);
        }
    }

    /** Argument: the file to write the Markdown table to. */
    public static void main(String[] args) throws Exception {
        String scenario = System.getProperty("bench.scenario", "burst");
        if (!scenario.equals("burst")) {
            HoldBench.main(scenario, args[0]);
            return;
        }
        IntakeBench.runAndReport(args[0], BurstBench::h2, BurstBench::postgresql, BurstBench::report);
    }

    static Result h2() throws Exception {
        Path data = TempDirectories.create("relink-burst-h2-");
        try (Sink smtp = Sink.start()) {
            Burst burst;
            try (JarProcess app = JarProcess.startWithEmulator(environment(smtp, data, Map.of()), free(), data)) {
                burst = burst("H2 (file), 1 replica", smtp, List.of(app), data);
            }
            // read once the app has stopped: an H2 file has one owner
            try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("relink") + ";MODE=Regular",
                    "relink", "")) {
                return new Result(burst, afterwards(db));
            }
        }
    }

    static Result postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
                Sink smtp = Sink.start()) {
            Map<String, String> database = Map.of("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", "postgres");
            Path dataA = TempDirectories.create("relink-burst-pg-a-");
            Path dataB = TempDirectories.create("relink-burst-pg-b-");
            Burst burst;
            try (JarProcess a = JarProcess.startWithEmulator(environment(smtp, dataA, database), free(), dataA)) {
                Map<String, String> b = new HashMap<>(database);
                // Replica B has no emulator of its own: it talks to A's, as two pods talk to one Belvo.
                b.put("RELINK_SANDBOX_ENABLED", "false");
                b.put("RELINK_BELVO_BASE_URL", "http://localhost:" + a.port() + "/sandbox");
                try (JarProcess replicaB = JarProcess.startWithEmulator(environment(smtp, dataB, b), free(), dataB)) {
                    burst = burst("PostgreSQL 17 (embedded), 2 replicas", smtp, List.of(a, replicaB), dataA);
                }
            }
            try (Connection db = postgres.getPostgresDatabase().getConnection()) {
                return new Result(burst, afterwards(db));
            }
        }
    }

    /** The local profile, with the SMTP server of its own, no poll (webhooks only), mail throttle raised. */
    static Map<String, String> environment(Sink smtp, Path data, Map<String, String> extra) {
        Path project = Path.of("").toAbsolutePath();
        Map<String, String> env = new HashMap<>(Map.of(
                "RELINK_DATA_DIR", data.toString(),
                "RELINK_ROUTES_DIR", project.resolve("routes").toString(),
                "RELINK_TEMPLATES_DIR", project.resolve("templates").toString(),
                "RELINK_MAIL_PORT", String.valueOf(smtp.port),
                "RELINK_MAIL_RATE_PER_SECOND", "100000",
                "RELINK_MAIL_CONNECTIONS", String.valueOf(CONNECTIONS),
                // the emulator's own GreenMail gets a port nobody sends to
                "RELINK_SANDBOX_SMTP_PORT", String.valueOf(free()),
                "RELINK_SANDBOX_SEED_DEMO_LINKS", "false",
                "RELINK_POLL_CRON", "0 0 0 1 1 ? 2099",
                "LOGGING_LEVEL_ROOT", "WARN"));
        env.put("SPRING_PROFILES_ACTIVE", "local"); // a jar started without a profile is prod
        // e.g. -Dbench.app-jvm-options=-XX:StartFlightRecording=filename=burst.jfr to profile the app
        String jvm = System.getProperty("bench.app-jvm-options", "");
        if (!jvm.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", jvm);
        }
        env.putAll(extra);
        return env;
    }

    static int free() {
        return FreePorts.next();
    }

    static Burst burst(String database, Sink smtp, List<JarProcess> replicas, Path data) throws Exception {
        String setup = database + ", " + (SMTP.equals("remote") ? "remote-like SMTP server (40 ms a reply, 120 ms a connection)"
                : "local SMTP server") + ", " + CONNECTIONS + " SMTP connections";
        System.err.println("== " + setup);
        RelinkHttp first = new RelinkHttp(replicas.get(0).port());
        List<String> links = seed(first);
        Sampler sampler = new Sampler(first, replicas, smtp);
        double cpuBefore = cpuSeconds(replicas);
        double machineBefore = IntakeBench.machineCpuMs();

        int total = LINKS * PER_LINK;
        long start = System.nanoTime();
        sampler.start(start);
        // Pass after pass over all links: a link's repeats arrive while it is being prompted.
        Sent sent = send(replicas, total, n -> webhook(n, links.get(n % LINKS), "burst-" + (n % LINKS + 1), TOKEN_REQUIRED));
        ConcurrentLinkedQueue<Long> latencies = sent.latencies();
        AtomicLong accepted = sent.accepted();
        double answeredIn = (System.nanoTime() - start) / 1e9;
        sampler.allSent = true;
        double[] p = IntakeBench.percentiles(latencies);
        System.err.printf(Locale.ROOT, "%d webhooks answered in %.1f s (%d accepted), p50 %.1f ms, p99 %.1f ms%n",
                latencies.size(), answeredIn, accepted.get(), p[0], p[1]);

        sampler.awaitDone(LINKS, PATIENCE);
        sampler.stop();
        long belvoReads = 0;
        List<Long> emails = new ArrayList<>();
        for (JarProcess replica : replicas) {
            RelinkHttp http = new RelinkHttp(replica.port());
            belvoReads += (long) metric(http, "camel.exchanges.total", "routeId:belvo.request");
            emails.add((long) metric(http, "camel.exchanges.succeeded", "routeId:prompt.send-email"));
        }
        double cpu = cpuSeconds(replicas) - cpuBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double busy = (IntakeBench.machineCpuMs() - machineBefore) / (elapsed * 1000 * Runtime.getRuntime().availableProcessors());

        Path dump = data.resolve("smtp-arrivals.txt");
        smtp.dump(dump);
        Map<String, List<Long>> arrivals = new HashMap<>();
        for (String line : Files.readAllLines(dump)) {
            String[] parts = line.split(" ");
            arrivals.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Long.parseLong(parts[0]));
        }
        long firstWebhookAt = sampler.startMillis;
        List<Double> firstEmail = arrivals.values().stream()
                .map(times -> (times.stream().mapToLong(Long::longValue).min().orElseThrow() - firstWebhookAt) / 1000.0)
                .sorted().toList();
        int duplicates = (int) arrivals.values().stream().filter(times -> times.size() > 1).count();
        return new Burst(setup, total, accepted.get(), answeredIn, p[0], p[1], sampler.incidentsAt, sampler.drainedAt,
                firstEmail.size(), firstEmail.isEmpty() ? Double.NaN : firstEmail.get(firstEmail.size() - 1),
                (int) firstEmail.stream().filter(t -> t <= EMAIL_TARGET_SECONDS).count(),
                firstEmail.isEmpty() ? Double.NaN : firstEmail.get(firstEmail.size() / 2), duplicates,
                sampler.heapPeakMb(), belvoReads, emails, cpu, busy, smtp.connections());
    }

    /** What the senders got back: how many webhooks were answered 202, and each answer's latency (ns). */
    record Sent(AtomicLong accepted, ConcurrentLinkedQueue<Long> latencies) {
    }

    /**
     * Webhooks 0 to total - 1 ({@code webhook} makes the n-th) from {@code bench.senders} senders that each
     * wait for their answer, taking turns between the replicas as a load balancer would.
     */
    static Sent send(List<JarProcess> replicas, int total, IntFunction<String> webhook) throws Exception {
        Sent sent = new Sent(new AtomicLong(), new ConcurrentLinkedQueue<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try (CloseableHttpClient http = IntakeBench.client(SENDERS)) {
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        long at = System.nanoTime();
                        int status = IntakeBench.post(http, replicas.get(n % replicas.size()).port(),
                                RelinkIntegrationTest.WEBHOOK_AUTHORIZATION, webhook.apply(n));
                        sent.latencies().add(System.nanoTime() - at);
                        if (status == 202) {
                            sent.accepted().incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            senders.shutdown();
            senders.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        return sent;
    }

    /** Broken links at one bank in the emulator, and a contact with an email for each (one CSV import). */
    static List<String> seed(RelinkHttp relink) throws Exception {
        return seed(relink, "heimdall_mx_retail", "token_required");
    }

    static List<String> seed(RelinkHttp relink, String institution, String status) throws Exception {
        JsonNode seeded = relink.admin("/sandbox/admin/links", Map.of("count", String.valueOf(LINKS),
                "institution", institution, "status", status, "external_id_prefix", "burst"));
        List<String> ids = new ArrayList<>();
        seeded.path("ids").forEach(id -> ids.add(id.asText()));
        StringBuilder csv = new StringBuilder("external_id,email,locale\n");
        for (int i = 1; i <= LINKS; i++) {
            csv.append("burst-").append(i).append(",burst-").append(i).append("@example.com,en\n");
        }
        var imported = relink.send(relink.api("/api/contacts/import").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())));
        if (imported.statusCode() != 200) {
            throw new IllegalStateException("contact import: " + imported.statusCode() + " " + imported.body());
        }
        return ids;
    }

    /** Belvo's LINK webhook of one code: its error's message and HTTP status. */
    record LinkCode(String code, String message, int status) {
    }

    static final LinkCode TOKEN_REQUIRED = new LinkCode("token_required", "A MFA token is required by the institution to login", 428);
    static final LinkCode INVALID_CREDENTIALS = new LinkCode("invalid_credentials", "The credentials provided are invalid", 400);

    /** Belvo's LINK webhook (its documented shape), the n-th of the burst, for a link of the user {@code externalId}. */
    static String webhook(int n, String linkId, String externalId, LinkCode code) {
        return "{\"webhook_id\":\"burst-" + n + "\",\"webhook_type\":\"LINK\",\"process_type\":\"recurrent_update\","
                + "\"webhook_code\":\"" + code.code() + "\",\"link_id\":\"" + linkId + "\",\"request_id\":\"req-burst-" + n
                + "\",\"external_id\":\"" + externalId + "\",\"data\":{\"error_code\":\"" + code.code() + "\","
                + "\"error_message\":\"" + code.message() + "\",\"status\":" + code.status() + "}}";
    }

    /** The database after the burst: one incident per link, one delivery per link, no dead letters. */
    static Database afterwards(Connection db) throws Exception {
        try (Statement sql = db.createStatement()) {
            return new Database(count(sql, "select count(*) - count(distinct link_id) from incident"),
                    count(sql, "select count(*) from (select i.link_id from prompt_delivery d"
                            + " join incident i on i.id = d.incident_id group by i.link_id having count(*) > 1) repeated"),
                    count(sql, "select count(*) from dead_letter"));
        }
    }

    static int count(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A value of /actuator/metrics/{name} (summed over the tag's meters); 0 when there is none yet. */
    static double metric(RelinkHttp relink, String name, String tag) throws Exception {
        var response = relink.send(relink.scrape("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag)));
        if (response.statusCode() != 200) {
            return 0;
        }
        return RelinkHttp.JSON.readTree(response.body()).path("measurements").get(0).path("value").asDouble();
    }

    static long total(RelinkHttp relink, String path) throws Exception {
        return RelinkHttp.JSON.readTree(relink.send(relink.api(path)).body()).path("total").asLong();
    }

    /** User and system CPU seconds of the replicas' JVMs so far (Linux /proc; clock ticks of 10 ms). */
    static double cpuSeconds(List<JarProcess> replicas) throws IOException {
        double seconds = 0;
        for (JarProcess replica : replicas) {
            String stat = Files.readString(Path.of("/proc", String.valueOf(replica.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        }
        return seconds;
    }

    /**
     * Once a second while the burst runs: each replica's heap in use, and every three seconds how many
     * incidents exist, how many webhooks wait in the inboxes and how many emails reached the SMTP server.
     */
    static final class Sampler {

        private final RelinkHttp relink;
        private final List<RelinkHttp> replicas = new ArrayList<>();
        private final Sink smtp;
        private final double[] heapPeak;
        private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private long startNanos;
        long startMillis;
        volatile double incidentsAt = Double.NaN;
        volatile double drainedAt = Double.NaN;
        volatile int emails;
        volatile boolean allSent;
        private int tick;

        Sampler(RelinkHttp relink, List<JarProcess> jars, Sink smtp) {
            this.relink = relink;
            this.smtp = smtp;
            jars.forEach(jar -> replicas.add(new RelinkHttp(jar.port())));
            this.heapPeak = new double[jars.size()];
        }

        void start(long nanos) {
            startNanos = nanos;
            startMillis = System.currentTimeMillis();
            timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
        }

        private void sample() {
            try {
                for (int i = 0; i < replicas.size(); i++) {
                    heapPeak[i] = Math.max(heapPeak[i], metric(replicas.get(i), "jvm.memory.used", "area:heap") / (1 << 20));
                }
                if (tick++ % 3 != 0) {
                    return;
                }
                double at = (System.nanoTime() - startNanos) / 1e9;
                if (Double.isNaN(incidentsAt) && total(relink, "/api/incidents?size=1") >= LINKS) {
                    incidentsAt = at;
                }
                double waiting = 0;
                for (RelinkHttp replica : replicas) {
                    waiting += metric(replica, "relink.inbox.backlog", null);
                }
                if (Double.isNaN(drainedAt) && waiting == 0 && allSent) {
                    drainedAt = at;
                }
                emails = smtp.count();
                System.err.printf(Locale.ROOT, "%6.0f s: %.0f webhooks waiting, %d emails, heap %s MB%n", at,
                        waiting, emails, java.util.Arrays.toString(heapPeak));
            } catch (Exception e) {
                System.err.println("sample failed: " + e);
            }
        }

        /** Until every link has its email and the inbox is drained, or patience runs out. */
        void awaitDone(int links, Duration patience) throws InterruptedException {
            long deadline = startNanos + patience.toNanos();
            while (System.nanoTime() < deadline && (emails < links || Double.isNaN(drainedAt))) {
                TimeUnit.SECONDS.sleep(1);
            }
        }

        void stop() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(30, TimeUnit.SECONDS);
        }

        List<Double> heapPeakMb() {
            return java.util.Arrays.stream(heapPeak).boxed().toList();
        }
    }

    /** {@link SmtpSink} in its own JVM, driven over its standard input and output. */
    static final class Sink implements AutoCloseable {

        final int port = free();
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader answers;

        private Sink() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    SmtpSink.class.getName(), String.valueOf(port), SMTP).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            answer("ready");
        }

        static Sink start() throws IOException {
            return new Sink();
        }

        synchronized int count() throws IOException {
            commands.println("count");
            return Integer.parseInt(answer("count ").substring(6));
        }

        /** SMTP connections the app opened to it (-1: GreenMail does not count them). */
        synchronized int connections() throws IOException {
            commands.println("connections");
            return Integer.parseInt(answer("connections ").substring(12));
        }

        synchronized void dump(Path file) throws IOException {
            commands.println("dump " + file);
            answer("dumped ");
        }

        /** The next line starting with {@code prefix} (GreenMail may log to the same output). */
        private String answer(String prefix) throws IOException {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("the SMTP sink stopped");
        }

        @Override
        public void close() throws InterruptedException {
            commands.println("stop");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static String report(List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "| setup | webhooks answered 202 | answered in (s) | rate (/s) | p50 / p99 (ms) | "
                + "every link has its incident (s) | inbox drained (s) | links emailed | all first emails (s) | "
                + "first emails within %d s | median first email (s) | duplicates: emails, deliveries, incidents | "
                + "dead letters | heap peak (MB of %d) | Belvo reads (per 100 links) | emails sent by replica | "
                + "SMTP connections opened | app CPU (s) | machine busy | targets met |%n", EMAIL_TARGET_SECONDS, HEAP_MB));
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result result : results) {
            Burst r = result.burst();
            Database db = result.db();
            md.append(String.format(Locale.ROOT, "| %s | %d of %d | %.1f | %.0f | %.1f / %.1f | %.0f | %.0f | %d of %d | %.0f | "
                    + "%d | %.0f | %d, %d, %d | %d | %s | %d (%.1f) | %s | %s | %.0f | %.0f %% | %s |%n",
                    r.setup(), r.accepted(), r.webhooks(), r.answeredIn(), r.webhooks() / r.answeredIn(), r.p50(), r.p99(),
                    r.incidentsAt(), r.inboxDrainedAt(), r.linksEmailed(), LINKS, r.allEmailedAt(), r.emailedInTarget(),
                    r.medianFirstEmail(), r.duplicateEmails(), db.duplicateDeliveries(), db.duplicateIncidents(),
                    db.deadLetters(), r.heapPeakMb().stream().map(mb -> String.format(Locale.ROOT, "%.0f", mb)).toList(),
                    r.belvoReads(), 100.0 * r.belvoReads() / LINKS, r.emailsByReplica(),
                    r.smtpConnections() < 0 ? "not counted" : String.valueOf(r.smtpConnections()), r.appCpuSeconds(),
                    100 * r.machineBusy(), result.targetsMet() ? "yes" : "**no**"));
        }
        return md.toString();
    }
}
