package dev.relink.bench;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import dev.relink.bench.BurstBench.Sink;
import dev.relink.bench.HoldBench.Figure;
import dev.relink.support.JarProcess;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.TempDirectories;

/**
 * Issue 25's <em>ordinary day</em> ({@code bench.scenario=ordinary-day}): {@code bench.links} broken links
 * (10,000) spread over 50 banks and an hour, one Belvo {@code LINK invalid_credentials} webhook each at a
 * random moment, and no bank reported down. Nothing may be held and nothing delayed.
 *
 * <p>An hour is played in {@code 60 / bench.compression} minutes (12: five): every duration of the hold
 * policy is divided by the same factor ({@code relink.hold.window} 15 min to 75 s, {@code baseline-period}
 * 7 d to 14 h, {@code min-history} 1 d to 2 h), so each bank's links fall into its windows as an hour's
 * would into 15-minute ones; {@code min-links} and {@code factor} stay as they are. Each bank's past is
 * written into the database at today's rate, over one (compressed) day and the hour before the run:
 * an ordinary day is one like the days before it. The delay is real time: from each webhook to its
 * link's first email at the SMTP server.
 */
final class OrdinaryDayBench {

    static final int BANKS = 50;
    static final int COMPRESSION = Integer.getInteger("bench.compression", 12);
    static final Duration SPREAD = Duration.ofHours(1).dividedBy(COMPRESSION);
    static final Duration WINDOW = Duration.ofMinutes(15).dividedBy(COMPRESSION);
    static final Duration BASELINE_PERIOD = Duration.ofDays(7).dividedBy(COMPRESSION);
    static final Duration MIN_HISTORY = Duration.ofDays(1).dividedBy(COMPRESSION);
    static final int DELAY_TARGET_SECONDS = 60;

    private OrdinaryDayBench() {
    }

    /** One link of the day: its bank, its user, and when its webhook is due (ms after the first). */
    record Broken(String bank, String link, String externalId, long dueMs) {
    }

    static String describe() {
        return String.format(Locale.ROOT, "Scenario `ordinary-day`, %,d links over %d banks and an hour played in %d s"
                + " (compression %d: relink.hold.window %d s, baseline-period %d h, min-history %d h), PostgreSQL 17"
                + " (embedded), 1 replica.", HoldBench.LINKS, BANKS, SPREAD.toSeconds(), COMPRESSION, WINDOW.toSeconds(),
                BASELINE_PERIOD.toHours(), MIN_HISTORY.toHours());
    }

    static List<Figure> run() throws Exception {
        Path data = TempDirectories.create("relink-day-");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
                Sink smtp = Sink.start()) {
            Map<String, String> extra = new HashMap<>(Map.of(
                    "SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", "postgres",
                    "RELINK_HOLD_WINDOW", WINDOW.toMillis() + "ms",
                    "RELINK_HOLD_BASELINE_PERIOD", BASELINE_PERIOD.toMillis() + "ms",
                    "RELINK_HOLD_MIN_HISTORY", MIN_HISTORY.toMillis() + "ms"));
            try (JarProcess app = JarProcess.startWithEmulator(BurstBench.environment(smtp, data, extra), BurstBench.free(), data);
                    Connection db = postgres.getPostgresDatabase().getConnection()) {
                RelinkHttp relink = new RelinkHttp(app.port());
                List<Broken> day = seed(relink);
                pastDays(db, day);
                return play(app, relink, smtp, data, db, day);
            }
        }
    }

    /** 50 banks of the emulator's own, each with its share of the links, a contact with an email for each user. */
    static List<Broken> seed(RelinkHttp relink) throws Exception {
        List<String> banks = new ArrayList<>();
        relink.admin("/sandbox/admin/institutions", Map.of("count", String.valueOf(BANKS))).path("names")
                .forEach(name -> banks.add(name.asText()));
        Random random = new Random(25);
        List<Broken> day = new ArrayList<>();
        StringBuilder csv = new StringBuilder("external_id,email,locale\n");
        for (int b = 0; b < BANKS; b++) {
            int share = HoldBench.LINKS / BANKS + (b < HoldBench.LINKS % BANKS ? 1 : 0);
            JsonNode ids = relink.admin("/sandbox/admin/links", Map.of("count", String.valueOf(share),
                    "institution", banks.get(b), "status", "invalid", "external_id_prefix", "day" + b)).path("ids");
            for (int i = 0; i < share; i++) {
                String user = "day" + b + "-" + (i + 1);
                day.add(new Broken(banks.get(b), ids.get(i).asText(), user, (long) (random.nextDouble() * SPREAD.toMillis())));
                csv.append(user).append(',').append(user).append("@example.com,en\n");
            }
        }
        var imported = relink.send(relink.api("/api/contacts/import").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())));
        if (imported.statusCode() != 200) {
            throw new IllegalStateException("contact import: " + imported.statusCode() + " " + imported.body());
        }
        day.sort((a, b) -> Long.compare(a.dueMs(), b.dueMs()));
        return day;
    }

    /**
     * Each bank's past at today's rate (its links per compressed hour), from one compressed day and an
     * hour ago until now: closed incidents, nobody's, so it has a baseline and the history to use it.
     */
    static void pastDays(Connection db, List<Broken> day) throws Exception {
        Map<String, Long> perBank = new HashMap<>();
        day.forEach(broken -> perBank.merge(broken.bank(), 1L, Long::sum));
        long span = MIN_HISTORY.plus(SPREAD).toMillis();
        try (PreparedStatement insert = db.prepareStatement("insert into incident (id, link_id, institution, state,"
                + " reason, signal_count, prompt_step, opened_at, updated_at, closed_at, version)"
                + " select gen_random_uuid()::text, gen_random_uuid()::text, ?, 'resolved', 'invalid_credentials', 1, 0,"
                + " t, t, t, 0 from (select ?::timestamptz - g * ?::bigint * interval '1 millisecond' as t"
                + " from generate_series(1, ?) g) past")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (Map.Entry<String, Long> bank : perBank.entrySet()) {
                long rows = bank.getValue() * span / SPREAD.toMillis();
                insert.setString(1, bank.getKey());
                insert.setObject(2, now);
                insert.setLong(3, span / rows);
                insert.setLong(4, rows);
                insert.executeUpdate();
            }
        }
        try (Statement sql = db.createStatement()) {
            sql.execute("analyze incident");
        }
    }

    static List<Figure> play(JarProcess app, RelinkHttp relink, Sink smtp, Path data, Connection db, List<Broken> day)
            throws Exception {
        List<Figure> figures = new ArrayList<>();
        int links = day.size();
        long[] sentAt = new long[links];
        AtomicLong accepted = new AtomicLong();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(16);
        long start = System.currentTimeMillis();
        try (CloseableHttpClient http = IntakeBench.client(16)) {
            for (int n = 0; n < links; n++) {
                int i = n;
                Broken broken = day.get(i);
                senders.schedule(() -> {
                    sentAt[i] = System.currentTimeMillis();
                    if (IntakeBench.post(http, app.port(), RelinkIntegrationTest.WEBHOOK_AUTHORIZATION, BurstBench.webhook(i,
                            broken.link(), broken.externalId(), BurstBench.INVALID_CREDENTIALS)) == 202) {
                        accepted.incrementAndGet();
                    }
                    return null;
                }, broken.dueMs(), TimeUnit.MILLISECONDS);
            }
            senders.shutdown();
            senders.awaitTermination(SPREAD.plus(HoldBench.PATIENCE).toSeconds(), TimeUnit.SECONDS);
        }
        double sendSeconds = (System.currentTimeMillis() - start) / 1000.0;
        figures.add(new Figure("webhooks answered 202 (sent over " + HoldBench.seconds(sendSeconds) + " s)",
                accepted + " of " + links, "all", accepted.get() == links));
        HoldBench.awaitEmails(smtp, links);
        long holds;
        long everHeld;
        try (Statement sql = db.createStatement()) {
            holds = BurstBench.count(sql, "select count(*) from institution_hold");
            everHeld = BurstBench.count(sql, "select count(distinct incident_id) from incident_event"
                    + " where detail like 'open -> held:%'");
        }
        figures.add(new Figure("holds started", String.valueOf(holds), "0", holds == 0));
        figures.add(new Figure("incidents ever held", String.valueOf(everHeld), "0", everHeld == 0));
        Map<String, Long> first = HoldBench.firstEmails(smtp, data, 0, Long.MAX_VALUE);
        double[] delays = new double[links];
        int emailed = 0;
        for (int i = 0; i < links; i++) {
            Long at = first.get(day.get(i).externalId() + "@example.com");
            delays[i] = at == null ? Double.MAX_VALUE : (at - sentAt[i]) / 1000.0;
            emailed += at == null ? 0 : 1;
        }
        Arrays.sort(delays);
        figures.add(new Figure("links emailed", emailed + " of " + links, "all", emailed == links));
        double max = delays[links - 1];
        figures.add(new Figure("each link's first email after its webhook: p50 / p99 / max (s, real time)",
                HoldBench.seconds(delays[links / 2]) + " / " + HoldBench.seconds(delays[links * 99 / 100]) + " / "
                        + HoldBench.seconds(max), "max within " + DELAY_TARGET_SECONDS, max <= DELAY_TARGET_SECONDS));
        figures.add(new Figure("most new broken links of one bank in one window (" + WINDOW.toSeconds() + " s)",
                String.valueOf(busiestWindow(day, sentAt)), "a spike needs " + HoldBench.MIN_LINKS + " and 10 times the baseline"
                        + " (about " + (10 * links / BANKS * WINDOW.toMillis() / SPREAD.toMillis()) + " here)", true));
        return figures;
    }

    /** The most webhooks one bank's links got within any window's length, as sent (a spike is judged on such a count). */
    static int busiestWindow(List<Broken> day, long[] sentAt) {
        Map<String, List<Long>> byBank = new HashMap<>();
        for (int i = 0; i < day.size(); i++) {
            byBank.computeIfAbsent(day.get(i).bank(), bank -> new ArrayList<>()).add(sentAt[i]);
        }
        int most = 0;
        for (List<Long> times : byBank.values()) {
            Collections.sort(times);
            for (int from = 0, to = 0; to < times.size(); to++) {
                while (times.get(to) - times.get(from) >= WINDOW.toMillis()) {
                    from++;
                }
                most = Math.max(most, to - from + 1);
            }
        }
        return most;
    }
}
