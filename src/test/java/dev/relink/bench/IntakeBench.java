package dev.relink.bench;

import java.io.IOException;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.RelinkApplication;
import dev.relink.support.FreePorts;
import dev.relink.support.TempDirectories;

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
    static final int TRIALS = Integer.getInteger("bench.trials", 3);
    static final String PAYLOAD_DATA = "x".repeat(300);

    record Result(String db, double rawOneConnection, double rawPool, double rawCpuMs, Load intake,
            double rowsPerCommit, Load fixed, List<double[]> trials) {

        double bestRaw() {
            return Math.max(rawOneConnection, rawPool);
        }

        /** The issue's targets: at least half the raw insert rate, p99 under 50 ms at the fixed rate, no errors. */
        boolean targetsMet() {
            return intake.rate() >= bestRaw() / 2 && fixed.p99() < 50 && fixed.errors() == 0 && intake.errors() == 0
                    && fixed.rate() >= FIXED_RATE * 0.98;
        }
    }

    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** CPU time this process (app and load generator together) spent, in ms. */
    static double cpuMs() {
        return OS.getProcessCpuTime() / 1e6;
    }

    /**
     * CPU time the whole machine spent busy, in ms (Linux /proc/stat: every CPU's time but idle and
     * iowait), so PostgreSQL's own processes and the kernel count too; NaN elsewhere.
     */
    static double machineCpuMs() {
        try {
            String[] ticks = Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < ticks.length && i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(ticks[i]);
            }
            return busy * 10.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    /** Argument: the file to write the Markdown table to (the app's own log goes to the console). */
    public static void main(String[] args) throws Exception {
        runAndReport(args[0], IntakeBench::h2, IntakeBench::postgresql, IntakeBench::report);
    }

    /** Runs {@code h2} and/or {@code postgresql}, as {@code bench.databases} says, and writes their report to {@code file}. */
    static <R> void runAndReport(String file, Callable<R> h2, Callable<R> postgresql, Function<List<R>, String> report)
            throws Exception {
        String databases = System.getProperty("bench.databases", "h2,postgresql");
        List<R> results = new ArrayList<>();
        if (databases.contains("h2")) {
            results.add(h2.call());
        }
        if (databases.contains("postgresql")) {
            results.add(postgresql.call());
        }
        Files.writeString(java.nio.file.Path.of(file), report.apply(results));
        System.exit(0);
    }

    static Result h2() throws Exception {
        String dir = TempDirectories.create("relink-bench-h2-").toString();
        try (ConfigurableApplicationContext app = start("--relink.data-dir=" + dir)) {
            return measure("H2 2.3 (file, WRITE_DELAY=0)", app);
        }
    }

    static Result postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200").start()) {
            String dir = TempDirectories.create("relink-bench-pg-").toString();
            try (ConfigurableApplicationContext app = start("--relink.data-dir=" + dir,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=")) {
                return measure("PostgreSQL 17 (embedded, fsync on, synchronous_commit on)", app);
            }
        }
    }

    static ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + FreePorts.next(),
                "--relink.sandbox.smtp-port=" + FreePorts.next(),
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
        DistributionSummary commits = app.getBean(MeterRegistry.class).get("relink.inbox.write.batch").summary();
        System.err.println("== " + db);
        // Both sides are measured warm: a server runs for days, and JIT compilation of the web stack takes
        // tens of seconds on two cores (with 10 s of warm-up the intake measured 40 % lower).
        rawInserts(pool, CONCURRENCY, "rawWarm", Duration.ofSeconds(Long.getLong("bench.raw-warmup", 10)));
        closedLoop(port, "warm", Duration.ofSeconds(Long.getLong("bench.warmup", 30)));
        // Trials take turns (raw, intake, raw, intake, ...) so a noisy moment of a shared machine hits
        // both sides; each figure is the median of its trials.
        List<Double> rawOne = new ArrayList<>();
        List<Double> rawPool = new ArrayList<>();
        List<Load> intake = new ArrayList<>();
        double rawCpu = 0;
        double rowsBefore = commits.totalAmount();
        long commitsBefore = commits.count();
        for (int trial = 0; trial < TRIALS; trial++) {
            rawOne.add(rawInserts(pool, 1, "raw1-" + trial, RUN));
            double cpuBefore = cpuMs();
            rawPool.add(rawInserts(pool, CONCURRENCY, "rawN-" + trial, RUN));
            rawCpu += cpuMs() - cpuBefore;
            intake.add(closedLoop(port, "load-" + trial, RUN));
        }
        double rowsPerCommit = (commits.totalAmount() - rowsBefore) / (commits.count() - commitsBefore);
        double rawCpuMs = rawCpu / (rawPool.stream().mapToDouble(Double::doubleValue).sum() * RUN.toSeconds());
        Load fixed = fixedRate(port);
        List<double[]> trials = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            trials.add(new double[] {rawOne.get(trial), rawPool.get(trial), intake.get(trial).rate()});
        }
        return new Result(db, median(rawOne), median(rawPool), rawCpuMs,
                intake.stream().sorted(java.util.Comparator.comparingDouble(Load::rate)).toList().get(TRIALS / 2),
                rowsPerCommit, fixed, trials);
    }

    static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** Single-row autocommit inserts into webhook_inbox, as the intake does, from {@code threads} pooled connections. */
    static double rawInserts(DataSource pool, int threads, String tag, Duration duration) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        AtomicLong inserted = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
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
        double rate = inserted.get() / (double) duration.toSeconds();
        System.err.printf(Locale.ROOT, "raw inserts, %d connection(s): %.0f/s%n", threads, rate);
        return rate;
    }

    static String body(String id) {
        return "{\"webhook_id\":\"" + id + "\",\"webhook_type\":\"LINK\",\"process_type\":\"recurrent_update\","
                + "\"webhook_code\":\"invalid_credentials\",\"link_id\":\"link-" + id + "\",\"request_id\":\"req-" + id
                + "\",\"external_id\":\"ext-" + id + "\",\"data\":{\"error_code\":\"login_error\",\"note\":\""
                + PAYLOAD_DATA + "\"}}";
    }

    /**
     * Apache HttpClient 5, classic (blocking): each sender is one thread on one kept-alive socket. It
     * costs the shared CPUs far less per request than java.net.http's selector and executor hand-offs,
     * and the load generator's own CPU is measured (LoadThreads) so the app's share can be told apart.
     */
    static CloseableHttpClient client(int connections) {
        return HttpClients.custom().disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections).build())
                .build();
    }

    static int send(CloseableHttpClient http, int port, String id) throws IOException {
        return post(http, port, AUTHORIZATION, body(id));
    }

    /** One webhook (JSON) to {@code /webhooks/belvo} on loopback; answers the HTTP status. */
    static int post(CloseableHttpClient http, int port, String authorization, String json) throws IOException {
        HttpPost post = new HttpPost("http://127.0.0.1:" + port + "/webhooks/belvo");
        post.setHeader("Authorization", authorization);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return http.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    /** Threads of the load generator, so their CPU time can be subtracted from the process's. */
    static final class LoadThreads implements ThreadFactory {

        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final String name;

        LoadThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, name + "-" + threads.size());
            threads.add(thread);
            return thread;
        }

        /** CPU ms these threads used so far (read before they end). */
        double cpuMs() {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            return threads.stream().mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum() / 1e6;
        }
    }

    /** What one phase of load measured. */
    record Load(double rate, double p50, double p99, double processCpuMs, double generatorCpuMs, double machineCpuMs,
            long errors) {

        double appCpuMsPerWebhook(double seconds) {
            return (processCpuMs - generatorCpuMs) / (rate * seconds);
        }
    }

    /** {@code CONCURRENCY} senders, each waiting for its answer before sending again: the sustained maximum. */
    static Load closedLoop(int port, String tag, Duration duration) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        LoadThreads threads = new LoadThreads("sender");
        ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY, threads);
        CountDownLatch finished = new CountDownLatch(CONCURRENCY);
        CountDownLatch measured = new CountDownLatch(1);
        double cpuBefore = cpuMs();
        double machineBefore = machineCpuMs();
        long deadline = System.nanoTime() + duration.toNanos();
        try (CloseableHttpClient http = client(CONCURRENCY)) {
            for (int s = 0; s < CONCURRENCY; s++) {
                int sender = s;
                senders.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        int status = send(http, port, tag + "-" + sender + "-" + n++);
                        latencies.add(System.nanoTime() - start);
                        (status == 202 ? accepted : errors).incrementAndGet();
                    }
                    finished.countDown();
                    measured.await(); // alive until their CPU time is read
                    return null;
                });
            }
            finished.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
            double processCpu = cpuMs() - cpuBefore;
            double machineCpu = machineCpuMs() - machineBefore;
            double generatorCpu = threads.cpuMs();
            measured.countDown();
            senders.shutdown();
            double rate = accepted.get() / (double) duration.toSeconds();
            double[] p = percentiles(latencies);
            System.err.printf(Locale.ROOT, "intake %s, %d senders: %.0f accepted/s, p50 %.1f ms, p99 %.1f ms, "
                    + "%d errors%n", tag, CONCURRENCY, rate, p[0], p[1], errors.get());
            return new Load(rate, p[0], p[1], processCpu, generatorCpu, machineCpu, errors.get());
        }
    }

    /**
     * {@code FIXED_RATE} webhooks a second on a fixed schedule, whether or not earlier ones were answered
     * (open loop); each latency counts from when its request was due, so queueing is not hidden.
     */
    static Load fixedRate(int port) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        int workers = Integer.getInteger("bench.rate-connections", 64);
        LoadThreads threads = new LoadThreads("rate");
        ThreadPoolExecutor senders = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), threads);
        senders.prestartAllCoreThreads();
        long total = FIXED_RATE * RUN.toSeconds();
        long interval = 1_000_000_000L / FIXED_RATE;
        double cpuBefore = cpuMs();
        double machineBefore = machineCpuMs();
        long start = System.nanoTime();
        try (CloseableHttpClient http = client(workers)) {
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String id = "rate-" + i;
                senders.execute(() -> {
                    int status;
                    try {
                        status = send(http, port, id);
                    } catch (IOException failed) {
                        status = -1;
                    }
                    latencies.add(System.nanoTime() - due);
                    (status == 202 ? accepted : errors).incrementAndGet();
                });
            }
            while (accepted.get() + errors.get() < total && System.nanoTime() - start < RUN.toNanos() * 4) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double processCpu = cpuMs() - cpuBefore;
            double machineCpu = machineCpuMs() - machineBefore;
            double generatorCpu = threads.cpuMs();
            senders.shutdownNow();
            double[] p = percentiles(latencies);
            System.err.printf(Locale.ROOT, "fixed %d/s: %.0f accepted/s, p50 %.1f ms, p99 %.1f ms, %d errors%n",
                    FIXED_RATE, accepted.get() / elapsed, p[0], p[1], errors.get());
            return new Load(accepted.get() / elapsed, p[0], p[1], processCpu, generatorCpu, machineCpu, errors.get());
        }
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
        double seconds = RUN.toSeconds();
        int cpus = Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "| database | raw insert, 1 conn (/s) | raw insert, %d conns (/s) | "
                + "intake, %d senders (accepted/s) | intake / best raw | intake p50 / p99 (ms) | webhooks per commit | "
                + "CPU ms per raw insert / per webhook: app, load generator, whole machine | machine busy during "
                + "intake | %d/s fixed rate: accepted/s | p50 / p99 (ms) | errors | targets met |%n", CONCURRENCY,
                CONCURRENCY, FIXED_RATE));
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Load in = r.intake();
            Load fixed = r.fixed();
            double webhooks = in.rate() * seconds;
            md.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.0f | %.0f | %.2f | %.1f / %.1f | %.1f | %.2f / %.2f, %.2f, %.2f | %.0f %% | %.0f | "
                            + "%.1f / %.1f | %d | %s |%n",
                    r.db(), r.rawOneConnection(), r.rawPool(), in.rate(), in.rate() / r.bestRaw(), in.p50(), in.p99(),
                    r.rowsPerCommit(), r.rawCpuMs(), in.appCpuMsPerWebhook(seconds), in.generatorCpuMs() / webhooks,
                    in.machineCpuMs() / webhooks, 100 * in.machineCpuMs() / (seconds * 1000 * cpus), fixed.rate(),
                    fixed.p50(), fixed.p99(), in.errors() + fixed.errors(), r.targetsMet() ? "yes" : "**no**"));
        }
        md.append(String.format(Locale.ROOT, "%nEach trial, in the order run (/s):%n%n| database | trial | raw insert, 1 conn "
                + "| raw insert, %d conns | intake | intake / best raw of the trial |%n|---|---|---|---|---|---|%n",
                CONCURRENCY));
        for (Result r : results) {
            for (int trial = 0; trial < r.trials().size(); trial++) {
                double[] t = r.trials().get(trial);
                md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.2f |%n", r.db().split(" \\(")[0],
                        trial + 1, t[0], t[1], t[2], t[2] / Math.max(t[0], t[1])));
            }
        }
        return md.toString();
    }
}
