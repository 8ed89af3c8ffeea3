package dev.relink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

import dev.relink.RelinkApplication;

/**
 * Durable webhook intake against the same database's raw single-row insert rate, on H2 (file,
 * WRITE_DELAY=0) and PostgreSQL (embedded, fsync and synchronous_commit on), in one run. Run with
 * {@code bench/run-intake.sh}; it prints a Markdown report. Load stays on loopback and is bounded in
 * time; the app runs intake-only ({@code relink.inbox.processing=false}) so the numbers are the
 * intake's, not the processing's.
 */
public final class IntakeBench {

    static final String AUTHORIZATION = "Bearer bench-webhook-secret";
    static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final int FIXED_RATE = Integer.getInteger("bench.rate", 1000);
    static final String PAYLOAD_DATA = "x".repeat(300);

    record Result(String db, double rawOneConnection, double rawPool, double rawCpuMs, double intakeRate,
            double intakeP50, double intakeP99, double intakeCpuMs, double fixedRate, double fixedP50, double fixedP99,
            long fixedErrors) {
    }

    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** CPU time this process (app and load generator together) spent, in ms. */
    static double cpuMs() {
        return OS.getProcessCpuTime() / 1e6;
    }

    /** Argument: the file to write the Markdown table to (the app's own log goes to the console). */
    public static void main(String[] args) throws Exception {
        String databases = System.getProperty("bench.databases", "h2,postgresql");
        List<Result> results = new ArrayList<>();
        if (databases.contains("h2")) {
            results.add(h2());
        }
        if (databases.contains("postgresql")) {
            results.add(postgresql());
        }
        Files.writeString(java.nio.file.Path.of(args[0]), report(results));
        System.exit(0);
    }

    static Result h2() throws Exception {
        String dir = Files.createTempDirectory("relink-bench-h2-").toString();
        try (ConfigurableApplicationContext app = start("--relink.data-dir=" + dir)) {
            return measure("H2 2.3 (file, WRITE_DELAY=0)", app);
        }
    }

    static Result postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200").start()) {
            String dir = Files.createTempDirectory("relink-bench-pg-").toString();
            try (ConfigurableApplicationContext app = start("--relink.data-dir=" + dir,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=")) {
                return measure("PostgreSQL 17 (embedded, fsync on, synchronous_commit on)", app);
            }
        }
    }

    static ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + TestSocketUtils.findAvailableTcpPort(),
                "--relink.mail.port=" + TestSocketUtils.findAvailableTcpPort(),
                "--relink.webhooks.authorization=" + AUTHORIZATION,
                "--relink.inbox.processing=false",
                "--relink.poll.cron=0 0 0 1 1 ? 2099",
                "--logging.level.root=WARN"));
        args.addAll(Arrays.asList(extra));
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("local").run(args.toArray(String[]::new));
    }

    static Result measure(String db, ConfigurableApplicationContext app) throws Exception {
        DataSource pool = app.getBean(DataSource.class);
        int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
        System.err.println("== " + db);
        double rawOne = rawInserts(pool, 1, "raw1");
        double cpuBefore = cpuMs();
        double rawPool = rawInserts(pool, CONCURRENCY, "rawN");
        double rawCpuMs = (cpuMs() - cpuBefore) / (rawPool * RUN.toSeconds());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        closedLoop(http, port, "warm", Duration.ofSeconds(Long.getLong("bench.warmup", 10)));
        cpuBefore = cpuMs();
        double[] intake = closedLoop(http, port, "load", RUN);
        double intakeCpuMs = (cpuMs() - cpuBefore) / (intake[0] * RUN.toSeconds());
        double[] fixed = fixedRate(http, port);
        return new Result(db, rawOne, rawPool, rawCpuMs, intake[0], intake[1], intake[2], intakeCpuMs, fixed[0],
                fixed[1], fixed[2], (long) fixed[3]);
    }

    /** Single-row autocommit inserts into webhook_inbox, as the intake does, from {@code threads} pooled connections. */
    static double rawInserts(DataSource pool, int threads, String tag) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        AtomicLong inserted = new AtomicLong();
        long deadline = System.nanoTime() + RUN.toNanos();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(CompletableFuture.runAsync(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    try (Connection connection = pool.getConnection();
                            PreparedStatement insert = connection.prepareStatement("insert into webhook_inbox "
                                    + "(webhook_id, webhook_type, webhook_code, link_id, external_id, request_id, payload, "
                                    + "received_at, status, attempts) values (?, 'LINK', 'raw_insert', ?, ?, ?, ?, ?, 'done', 0)")) {
                        String id = tag + "-" + thread + "-" + n++;
                        insert.setString(1, id);
                        insert.setString(2, "link-" + id);
                        insert.setString(3, "ext-" + id);
                        insert.setString(4, "req-" + id);
                        insert.setString(5, body(id));
                        insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                        insert.executeUpdate();
                        inserted.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, workers));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        workers.shutdown();
        double rate = inserted.get() / (double) RUN.toSeconds();
        System.err.printf(Locale.ROOT, "raw inserts, %d connection(s): %.0f/s%n", threads, rate);
        return rate;
    }

    static String body(String id) {
        return "{\"webhook_id\":\"" + id + "\",\"webhook_type\":\"LINK\",\"process_type\":\"recurrent_update\","
                + "\"webhook_code\":\"invalid_credentials\",\"link_id\":\"link-" + id + "\",\"request_id\":\"req-" + id
                + "\",\"external_id\":\"ext-" + id + "\",\"data\":{\"error_code\":\"login_error\",\"note\":\""
                + PAYLOAD_DATA + "\"}}";
    }

    static HttpRequest webhook(int port, String id) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/belvo"))
                .header("Authorization", AUTHORIZATION).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body(id))).build();
    }

    /** {@code CONCURRENCY} senders, each waiting for its answer before sending again: the sustained maximum. */
    static double[] closedLoop(HttpClient http, int port, String tag, Duration duration) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong accepted = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
        for (int s = 0; s < CONCURRENCY; s++) {
            int sender = s;
            senders.submit(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(webhook(port, tag + "-" + sender + "-" + n++),
                            HttpResponse.BodyHandlers.discarding());
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() == 202) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            });
        }
        senders.shutdown();
        senders.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
        double rate = accepted.get() / (double) duration.toSeconds();
        double[] p = percentiles(latencies);
        System.err.printf(Locale.ROOT, "intake %s, %d senders: %.0f accepted/s, p50 %.1f ms, p99 %.1f ms%n", tag,
                CONCURRENCY, rate, p[0], p[1]);
        return new double[] {rate, p[0], p[1]};
    }

    /** {@code FIXED_RATE} webhooks a second on a fixed schedule; latency counted from when each was due. */
    static double[] fixedRate(HttpClient http, int port) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long total = FIXED_RATE * RUN.toSeconds();
        long interval = 1_000_000_000L / FIXED_RATE;
        long start = System.nanoTime();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.add(http.sendAsync(webhook(port, "rate-" + i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        latencies.add(System.nanoTime() - due);
                        if (failure == null && response.statusCode() == 202) {
                            accepted.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] p = percentiles(latencies);
        System.err.printf(Locale.ROOT, "fixed %d/s: %.0f accepted/s, p50 %.1f ms, p99 %.1f ms, %d errors%n", FIXED_RATE,
                accepted.get() / elapsed, p[0], p[1], errors.get());
        return new double[] {accepted.get() / elapsed, p[0], p[1], errors.get()};
    }

    static double[] percentiles(ConcurrentLinkedQueue<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {sorted[(int) (sorted.length * 0.50)] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6};
    }

    static String report(List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "| database | raw insert, 1 conn (/s) | raw insert, %d conns (/s) | "
                + "intake, %d senders (accepted/s) | intake / raw (%d conns) | intake p50 / p99 (ms) | "
                + "CPU ms per raw insert / per webhook | %d/s fixed rate: accepted/s | p50 / p99 (ms) | errors |%n",
                CONCURRENCY, CONCURRENCY, CONCURRENCY, FIXED_RATE));
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.0f | %.0f | %.2f | %.1f / %.1f | %.2f / %.2f | %.0f | %.1f / %.1f | %d |%n",
                    r.db(), r.rawOneConnection(), r.rawPool(), r.intakeRate(), r.intakeRate() / r.rawPool(),
                    r.intakeP50(), r.intakeP99(), r.rawCpuMs(), r.intakeCpuMs(), r.fixedRate(), r.fixedP50(),
                    r.fixedP99(), r.fixedErrors()));
        }
        return md.toString();
    }
}
