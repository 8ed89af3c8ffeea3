package dev.relink.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.relink.RelinkApplication;
import dev.relink.support.FreePorts;
import dev.relink.support.TempDirectories;

/**
 * The poll at scale (bench/run-poll.sh): the local profile's Belvo emulator holds 100,000 links, a
 * third of them broken. Poll 1 finds every broken link new; then 10,000 of them are repaired and poll
 * 2 lists the rest and re-checks the 10,000 it no longer lists. For each poll: how long the listing
 * and its signals take (the route detect.poll-links, start to end), how long until every incident has
 * settled (handed over, or resolved), Belvo reads by kind as the emulator saw them, and the heap.
 * Nobody has a contact, so each incident handed over is parked as no_contact after its step 0.
 */
public final class PollBench {

    static final int LINKS = Integer.getInteger("bench.links", 100_000);
    static final int REPAIRED = Integer.getInteger("bench.repaired", 10_000);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Belvo reads as the emulator answered them. */
    static final AtomicLong LISTING_PAGES = new AtomicLong();
    static final AtomicLong BULK_READS = new AtomicLong();
    static final AtomicLong SINGLE_READS = new AtomicLong();

    /** Counts the emulator's link reads by kind; added to the app for this benchmark only. */
    @Configuration(proxyBeanMethods = false)
    static class ReadCounter {

        @Bean
        FilterRegistrationBean<OncePerRequestFilter> belvoReadCounter() {
            FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                    new OncePerRequestFilter() {
                        @Override
                        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                FilterChain chain) throws ServletException, IOException {
                            String path = request.getRequestURI();
                            if ("GET".equals(request.getMethod()) && path.startsWith("/sandbox/api/links/")) {
                                if (!path.equals("/sandbox/api/links/")) {
                                    SINGLE_READS.incrementAndGet();
                                } else if (request.getParameter("id__in") != null) {
                                    BULK_READS.incrementAndGet();
                                } else {
                                    LISTING_PAGES.incrementAndGet();
                                }
                            }
                            chain.doFilter(request, response);
                        }
                    });
            registration.addUrlPatterns("/sandbox/api/links/*");
            return registration;
        }
    }

    record Run(String name, int listed, long pollMillis, long settledMillis, double cpuSeconds, long pages, long bulk,
            long single, int resolved) {
    }

    /** Argument: the file to write the Markdown section to. */
    public static void main(String[] args) throws Exception {
        String dir = TempDirectories.create("relink-bench-poll-").toString();
        int port = FreePorts.next();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RelinkApplication.class,
                ReadCounter.class).profiles("local").run("--server.port=" + port,
                        "--relink.mail.port=" + FreePorts.next(), "--relink.data-dir=" + dir,
                        "--relink.poll.cron=0 0 0 1 1 ? 2099", "--relink.sandbox.seed-demo-links=false",
                        "--relink.contacts.seed-file=", "--logging.level.root=WARN")) {
            Files.writeString(Path.of(args[0]), new PollBench(app, port).measure());
        }
        System.exit(0);
    }

    private final ConfigurableApplicationContext app;
    private final String base;
    private final JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newHttpClient();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    PollBench(ConfigurableApplicationContext app, int port) {
        this.app = app;
        this.base = "http://localhost:" + port;
        this.jdbc = app.getBean(JdbcTemplate.class);
    }

    String measure() throws Exception {
        int broken = LINKS / 3;
        seed(LINKS - broken, "valid");
        List<String> brokenIds = new ArrayList<>(seed(broken / 2, "invalid"));
        brokenIds.addAll(seed(broken - broken / 2, "token_required"));
        System.err.printf("seeded %d links, %d broken%n", LINKS, broken);
        long heapBefore = heapAfterGc();

        Run first = poll("1: every broken link new", broken,
                () -> count("select count(*) from incident where state = 'open'") == 0
                        && count("select count(*) from incident") >= broken);
        for (String id : brokenIds.subList(0, REPAIRED)) {
            post("/sandbox/admin/links/" + id + "/status", "{\"status\":\"valid\"}");
        }
        Run second = poll("2: " + REPAIRED + " repaired since", broken - REPAIRED,
                () -> count("select count(*) from incident where state = 'resolved'") >= REPAIRED);
        long heapAfter = heapAfterGc();
        return report(List.of(first, second), heapBefore, heapAfter, broken);
    }

    Run poll(String name, int listed, Supplier<Boolean> settled) throws Exception {
        CamelContext camel = app.getBean(CamelContext.class);
        long pages = LISTING_PAGES.get();
        long bulk = BULK_READS.get();
        long single = SINGLE_READS.get();
        int resolvedBefore = count("select count(*) from incident where state = 'resolved'");
        Scheduler quartz = app.getBean(Scheduler.class);
        JobKey job = JobKey.jobKey("poll-links", "detect"); // quartz:detect/poll-links
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        quartz.triggerJob(job);
        // the poll run is in flight in route detect.poll-links from its start to its end
        await(() -> camel.getInflightRepository().size("detect.poll-links") > 0, started, name + " to start");
        await(() -> camel.getInflightRepository().size("detect.poll-links") == 0, started, name + " to finish");
        long pollMillis = (System.nanoTime() - started) / 1_000_000;
        double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
        await(settled, started, name + " to settle");
        long settledMillis = (System.nanoTime() - started) / 1_000_000;
        Run run = new Run(name, listed, pollMillis, settledMillis, cpuSeconds, LISTING_PAGES.get() - pages, BULK_READS.get() - bulk,
                SINGLE_READS.get() - single, count("select count(*) from incident where state = 'resolved'")
                        - resolvedBefore);
        System.err.println(run);
        return run;
    }

    static void await(Supplier<Boolean> condition, long started, String what) {
        Duration left = Duration.ofMinutes(15).minusNanos(System.nanoTime() - started);
        Awaitility.await("poll " + what).atMost(left).pollInterval(Duration.ofMillis(20)).until(condition::get);
    }

    String report(List<Run> runs, long heapBefore, long heapAfter, int broken) {
        StringBuilder out = new StringBuilder();
        out.append("| poll | broken links listed | listing and signals (s) | CPU used meanwhile (s) "
                + "| until every incident settled (s) | listing pages read | bulk re-checks (id__in) | one-link reads "
                + "| incidents resolved | targets met |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            long expectedPages = (run.listed() + 999) / 1000;
            long expectedBulk = (run.resolved() + 99) / 100;
            boolean met = run.pollMillis() <= 60_000 && run.pages() == expectedPages && run.bulk() <= expectedBulk
                    && run.single() == 0;
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %d | %d | %d | %,d | %s |%n",
                    run.name(), run.listed(), run.pollMillis() / 1000.0, run.cpuSeconds(),
                    run.settledMillis() / 1000.0, run.pages(),
                    run.bulk(), run.single(), run.resolved(), met ? "yes" : "no"));
        }
        long growth = heapAfter - heapBefore;
        out.append(String.format(Locale.ROOT, "%nHeap in use after a full GC: %.1f MB with the %,d links seeded, "
                + "%.1f MB after both polls (%,d incidents and their timelines): growth %.1f MB (target: under 64 MB: %s).%n",
                heapBefore / 1e6, LINKS, heapAfter / 1e6, count("select count(*) from incident"), growth / 1e6,
                growth < 64_000_000 ? "met" : "not met"));
        return out.toString();
    }

    List<String> seed(int count, String status) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int done = 0; done < count; done += 10_000) {
            int batch = Math.min(10_000, count - done);
            JsonNode answer = JSON.readTree(post("/sandbox/admin/links",
                    "{\"count\":" + batch + ",\"status\":\"" + status + "\",\"external_id_prefix\":\"" + status + "-"
                            + done + "\"}"));
            answer.get("ids").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    String post(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** CPU time of this process (the app, its database and the emulator), all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    int count(String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }

    long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc(); // a full collection that returns when done (G1, explicit GCs not concurrent)
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
