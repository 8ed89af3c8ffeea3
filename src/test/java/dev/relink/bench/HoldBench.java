package dev.relink.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;

import dev.relink.bench.BurstBench.Sink;
import dev.relink.support.JarProcess;
import dev.relink.support.RelinkHttp;
import dev.relink.support.TempDirectories;

/**
 * Issue 25's bank-side scenarios, options of {@code bench/run-burst.sh} ({@code bench.scenario}), on embedded
 * PostgreSQL with one replica (the bench writes the bank's past week into the database beside the app), set up as {@link BurstBench} sets up its burst ({@code bench.links} links, an email contact
 * each, {@code bench.senders} senders):
 * <ul>
 * <li>{@code outage}: every link of one bank breaks (one Belvo {@code LINK invalid_credentials} webhook each)
 * while Belvo reports the bank {@code down}. Relink has known the bank for a week (three broken links a day),
 * so its 50th new broken link ({@code relink.hold.min-links}) is a spike and Belvo, asked at once, says down. Measures when the hold starts, the emails before and during
 * it, and, once ops release it, each held link's first email.</li>
 * <li>{@code bank-back}: the same outage, then 80 % of the links valid again and Belvo reporting the bank
 * {@code healthy}; the next poll (every 20 s here) re-reads the held links in bulk. Measures the links
 * resolved with no email, the rest emailed, and Belvo's reads.</li>
 * <li>{@code ordinary-day}: the same number of links over 50 banks and an hour, in compressed time
 * ({@link OrdinaryDayBench}): no hold, no delay.</li>
 * </ul>
 */
final class HoldBench {

    static final String BANK = "gringotts_mx_retail";
    static final int LINKS = BurstBench.LINKS;
    static final int MIN_LINKS = 50; // relink.hold.min-links' default: the most prompts before a hold
    static final int HOLD_TARGET_SECONDS = 60;
    static final int RELEASE_TARGET_SECONDS = 120;
    static final int VALID_AGAIN = LINKS * 8 / 10;
    static final Duration PATIENCE = BurstBench.PATIENCE;

    private HoldBench() {
    }

    /** One measured figure of a scenario, beside its target. */
    record Figure(String what, String measured, String target, boolean met) {
    }

    static void main(String scenario, String file) throws Exception {
        List<Figure> figures = switch (scenario) {
            case "outage" -> run(false);
            case "bank-back" -> run(true);
            case "ordinary-day" -> OrdinaryDayBench.run();
            default -> throw new IllegalArgumentException("bench.scenario: burst, outage, bank-back or ordinary-day, not "
                    + scenario);
        };
        String setup = scenario.equals("ordinary-day") ? OrdinaryDayBench.describe() : String.format(Locale.ROOT,
                "Scenario `%s`, %,d links at %s, PostgreSQL 17 (embedded), 1 replica.", scenario, LINKS, BANK);
        StringBuilder md = new StringBuilder(setup + "\n\n| figure | measured | target | met |\n|---|---|---|---|\n");
        figures.forEach(f -> md.append("| ").append(f.what()).append(" | ").append(f.measured()).append(" | ")
                .append(f.target()).append(" | ").append(f.met() ? "yes" : "**no**").append(" |\n"));
        Files.writeString(Path.of(file), md);
        System.exit(0);
    }

    static List<Figure> run(boolean bankBack) throws Exception {
        Path data = TempDirectories.create("relink-hold-");
        List<Figure> figures = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
                Sink smtp = Sink.start()) {
            Map<String, String> extra = new HashMap<>(Map.of("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", "postgres"));
            if (bankBack) {
                extra.put("RELINK_POLL_CRON", "0/20 * * * * ?");
            }
            try (JarProcess app = JarProcess.startWithEmulator(BurstBench.environment(smtp, data, extra), BurstBench.free(), data);
                    Connection db = postgres.getPostgresDatabase().getConnection()) {
                pastWeek(db);
                outage(app, smtp, data, db, bankBack, figures);
            }
        }
        return figures;
    }

    /**
     * The bank's past, so that it has a baseline: Relink has known it for a week, three broken links a
     * day (closed, nobody's), as an ordinary bank.
     */
    static void pastWeek(Connection db) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("insert into incident (id, link_id, institution, state, reason,"
                + " signal_count, prompt_step, opened_at, updated_at, closed_at, version)"
                + " values (?, ?, ?, 'resolved', 'invalid_credentials', 1, 0, ?, ?, ?, 0)")) {
            for (int hours = 8; hours <= 7 * 24; hours += 8) {
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusHours(hours);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, UUID.randomUUID().toString());
                insert.setString(3, BANK);
                insert.setObject(4, at);
                insert.setObject(5, at);
                insert.setObject(6, at);
                insert.executeUpdate();
            }
        }
    }

    static void outage(JarProcess app, Sink smtp, Path data, Connection db, boolean bankBack, List<Figure> figures)
            throws Exception {
        RelinkHttp relink = new RelinkHttp(app.port());
        List<String> links = BurstBench.seed(relink, BANK, "invalid");
        bankIs(relink, "down");
        long start = System.currentTimeMillis();
        BurstBench.Sent sent = BurstBench.send(List.of(app), LINKS,
                n -> BurstBench.webhook(n, links.get(n), "burst-" + (n + 1), BurstBench.INVALID_CREDENTIALS));
        figures.add(new Figure("webhooks answered 202", sent.accepted() + " of " + LINKS, "all",
                sent.accepted().get() == LINKS));
        // every link has its incident, held or prompted before the hold
        JsonNode hold = until(() -> everyLinkScreened(relink), h -> h != null);
        long heldAt = OffsetDateTime.parse(hold.path("held_at").asText()).toInstant().toEpochMilli();
        long heldLinks = hold.path("held_links").asLong();
        // with the poll on (bank-back), its listing may find the bank's broken links before the first webhook
        long firstSignal = Math.min(start, firstOpenedSince(db, start - 600_000));
        double holdSeconds = (heldAt - firstSignal) / 1000.0;
        figures.add(new Figure(bankBack ? "hold starts after the first signal: webhook or the poll's listing (s)"
                : "hold starts after the first webhook (s)", seconds(holdSeconds), "within " + HOLD_TARGET_SECONDS,
                holdSeconds <= HOLD_TARGET_SECONDS));
        // with the poll on (bank-back), the poll may read Belvo's down before the 50th new broken link
        String why = hold.path("cause").asText() + ", " + hold.path("belvo_status").asText();
        figures.add(new Figure("the hold's cause, Belvo's status", why, bankBack ? "spike or belvo_down, down" : "spike, down",
                why.equals("spike, down") || bankBack && why.equals("belvo_down, down")));
        figures.add(new Figure("links held", String.valueOf(heldLinks), "at least " + (LINKS - MIN_LINKS),
                heldLinks >= LINKS - MIN_LINKS));
        long phaseEnd = System.currentTimeMillis();
        Map<String, Long> before = firstEmails(smtp, data, 0, phaseEnd);
        long beforeHold = before.values().stream().filter(at -> at < heldAt).count();
        figures.add(new Figure("links emailed before the hold", String.valueOf(beforeHold), "at most " + MIN_LINKS,
                beforeHold <= MIN_LINKS));
        figures.add(new Figure("links first emailed during the hold (until ops or Belvo end it)",
                String.valueOf(before.size() - beforeHold), "0", before.size() == beforeHold));
        before.entrySet().stream().filter(first -> first.getValue() >= heldAt).limit(5)
                .forEach(first -> timeline(db, links.get(number(first.getKey()) - 1), heldAt));
        if (bankBack) {
            bankBack(relink, app, smtp, data, db, links, heldLinks, before.size(), figures);
        } else {
            release(relink, smtp, data, heldLinks, before.size(), figures);
        }
    }

    /** Ops release the hold: each held link's first email, counted from the release. */
    static void release(RelinkHttp relink, Sink smtp, Path data, long held, int emailedBefore, List<Figure> figures)
            throws Exception {
        long releasedAt = System.currentTimeMillis();
        var released = relink.send(relink.api("/api/institution-holds/" + BANK + "/release")
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (released.statusCode() != 200) {
            throw new IllegalStateException("release: " + released.statusCode() + " " + released.body());
        }
        // the hold ends and every held incident moves to prompting in one transaction
        figures.add(new Figure("the release answered after (s)", seconds((System.currentTimeMillis() - releasedAt) / 1000.0),
                "", true));
        awaitEmails(smtp, emailedBefore + held);
        List<Double> after = firstEmails(smtp, data, releasedAt, Long.MAX_VALUE).values().stream()
                .map(at -> (at - releasedAt) / 1000.0).sorted().toList();
        long inTarget = after.stream().filter(t -> t <= RELEASE_TARGET_SECONDS).count();
        figures.add(new Figure("held links emailed after the release", after.size() + " of " + held, "all",
                after.size() == held));
        figures.add(new Figure("held links' first email within " + RELEASE_TARGET_SECONDS + " s of the release",
                inTarget + " of " + held, "all", inTarget == held));
        figures.add(new Figure("the last held link's first email after the release (s)",
                after.isEmpty() ? "none" : seconds(after.get(after.size() - 1)), "at most " + RELEASE_TARGET_SECONDS,
                inTarget == held));
    }

    /** 80 % of the links valid again and Belvo reporting the bank healthy; the next poll settles the hold. */
    static void bankBack(RelinkHttp relink, JarProcess app, Sink smtp, Path data, Connection db, List<String> links, long held,
            int emailedBefore, List<Figure> figures) throws Exception {
        // from here on: the poll every 20 s also re-checks the held links the bank repairs meanwhile
        double readsBefore = reads(relink, "belvo.request");
        Map<String, Double> callersBefore = readers(relink);
        double pollBefore = pollReads(relink);
        long resolvedBefore = count(relink, "resolved");
        long backAt = System.currentTimeMillis();
        for (String link : links.subList(0, VALID_AGAIN)) {
            relink.admin("/sandbox/admin/links/" + link + "/status", Map.of("status", "valid"));
        }
        bankIs(relink, "healthy");
        // settled: the hold ended and none of its incidents waits any more (resolved, or handed to prompting)
        until(() -> holdOf(relink) == null && count(relink, "held") == 0, settled -> settled);
        double settled = (System.currentTimeMillis() - backAt) / 1000.0;
        // the links still broken: those past the first VALID_AGAIN
        long stillBroken = LINKS - VALID_AGAIN;
        awaitEmails(smtp, emailedBefore + stillBroken);
        // counted once the still broken are emailed: any read before their prompts counts too
        double reads = reads(relink, "belvo.request") - readsBefore;
        Map<String, Double> callers = readers(relink);
        callers.replaceAll((route, n) -> n - callersBefore.get(route));
        System.out.println("Belvo's readers meanwhile, exchanges per route: " + callers);
        rechecksSince(db, backAt);
        double poll = pollReads(relink) - pollBefore;
        long resolved = count(relink, "resolved") - resolvedBefore;
        Map<String, Long> after = firstEmails(smtp, data, backAt, Long.MAX_VALUE);
        long validEmailed = after.keySet().stream().filter(to -> number(to) <= VALID_AGAIN).count();
        long brokenEmailed = after.keySet().stream().filter(to -> number(to) > VALID_AGAIN).count();
        figures.add(new Figure("from the first link valid again (Belvo reports the bank healthy once 80 % are) until every held incident settled, the next poll's wait included (s)",
                seconds(settled), "", true));
        figures.add(new Figure("incidents resolved with no email, once the still broken are emailed", String.valueOf(resolved),
                String.valueOf(VALID_AGAIN), resolved == VALID_AGAIN));
        figures.add(new Figure("Belvo reads meanwhile: all (of them the poll's: institutions reads and listing pages)",
                String.format(Locale.ROOT, "%.0f (%.0f)", reads, poll), "", true));
        double bankBackReads = reads - poll;
        // a read takes 100 links: 9,983 held links are 100 reads at 1 per 100
        long atMost = (held + 99) / 100;
        figures.add(new Figure("Belvo reads of the held links until the still broken are emailed (bulk, id__in: the bank back, the poll's re-checks, the ladder's reads; per 100 held links)",
                String.format(Locale.ROOT, "%.0f (%.2f)", bankBackReads, 100 * bankBackReads / held),
                "at most 1 per 100 (" + atMost + ")", bankBackReads <= atMost));
        figures.add(new Figure("links valid again emailed afterwards", String.valueOf(validEmailed), "0", validEmailed == 0));
        figures.add(new Figure("links still broken emailed afterwards", brokenEmailed + " of " + stillBroken, "all",
                brokenEmailed == stillBroken));
    }

    /** The incidents detection re-checked since {@code since} (epoch ms), by their state now: what a read beyond the bank's return was for. */
    static void rechecksSince(Connection db, long since) throws java.sql.SQLException {
        try (PreparedStatement rechecked = db.prepareStatement("select i.state, e.detail, count(*) from incident_event e"
                + " join incident i on i.id = e.incident_id where e.type not in ('signal', 'opened') and e.detail not like 'held -> %' and e.detail not like '%repaired on the bank''s side%'"
                + " and e.at > ? group by i.state, e.detail")) {
            rechecked.setObject(1, OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(since), ZoneOffset.UTC));
            try (var rows = rechecked.executeQuery()) {
                while (rows.next()) {
                    System.out.println("timeline meanwhile, beyond the bank's return: " + rows.getLong(3) + " now " + rows.getString(1)
                            + " (" + rows.getString(2) + ")");
                }
            }
        }
    }

    /** Why a link was emailed during the hold: its incident's timeline, in the log (ms from the hold's start). */
    static void timeline(Connection db, String link, long heldAt) {
        try (PreparedStatement lines = db.prepareStatement("select e.at, e.type, e.detail from incident_event e join incident i"
                + " on i.id = e.incident_id where i.link_id = ? order by e.id")) {
            lines.setString(1, link);
            try (var rows = lines.executeQuery()) {
                while (rows.next()) {
                    System.err.printf(Locale.ROOT, "emailed during the hold: link %s %+d ms %s %s%n", link,
                            rows.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli() - heldAt, rows.getString(2),
                            rows.getString(3));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The poll's reads of Belvo so far: its institutions reads (one page each: few are down) and each page
     * of its listings (each page is one exchange of detect.poll-page; the listing's own route counts listings).
     */
    /** The exchanges so far of each route that reads Belvo, or hands it links to read: which of them read, when reads are more than expected. */
    static Map<String, Double> readers(RelinkHttp relink) throws Exception {
        Map<String, Double> exchanges = new TreeMap<>();
        for (String route : List.of("belvo.get-links", "belvo.list-links", "belvo.list-institutions", "detect.poll-page",
                "detect.recheck", "prompt.read-links", "prompt.recheck", "institution.bank-back", "repair.check-link")) {
            exchanges.put(route, reads(relink, route));
        }
        return exchanges;
    }

    static double pollReads(RelinkHttp relink) throws Exception {
        return reads(relink, "belvo.list-institutions") + reads(relink, "detect.poll-page");
    }

    /** When the first incident opened since {@code since} (epoch ms): the bank's past week is older. */
    static long firstOpenedSince(Connection db, long since) throws java.sql.SQLException {
        try (PreparedStatement first = db.prepareStatement("select min(opened_at) from incident where institution = ?"
                + " and opened_at > ?")) {
            first.setString(1, BANK);
            first.setObject(2, OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(since), ZoneOffset.UTC));
            try (var row = first.executeQuery()) {
                row.next();
                OffsetDateTime at = row.getObject(1, OffsetDateTime.class);
                return at == null ? Long.MAX_VALUE : at.toInstant().toEpochMilli();
            }
        }
    }

    /** Exchanges of a route of routes/belvo-api.yaml so far ({@code belvo.request}: one per HTTP request to Belvo). */
    static double reads(RelinkHttp relink, String route) throws Exception {
        return BurstBench.metric(relink, "camel.exchanges.total", "routeId:" + route);
    }

    static void bankIs(RelinkHttp relink, String status) throws Exception {
        relink.admin("/sandbox/admin/institutions/" + BANK + "/status", Map.of("status", status));
    }

    static JsonNode holdOf(RelinkHttp relink) throws Exception {
        var answer = relink.send(relink.api("/api/institution-holds/" + BANK));
        return answer.statusCode() == 200 ? RelinkHttp.JSON.readTree(answer.body()) : null;
    }

    /**
     * The hold once every link's incident is held or was handed to prompting before it; else null. Counted
     * first: the hold's view lists its held incidents, too much to ask for every second at 10,000.
     */
    static JsonNode everyLinkScreened(RelinkHttp relink) throws Exception {
        if (count(relink, "held") + count(relink, "prompting") + count(relink, "no_contact") < LINKS) {
            return null;
        }
        return holdOf(relink);
    }

    static long count(RelinkHttp relink, String state) throws Exception {
        return BurstBench.total(relink, "/api/incidents?size=1&state=" + state);
    }

    static <T> T until(Callable<T> read, java.util.function.Predicate<T> done) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(read, done);
    }

    static void awaitEmails(Sink smtp, long count) {
        until(smtp::count, n -> n >= count);
    }

    /** Each recipient's first email that arrived within [from, to) (epoch ms). */
    static Map<String, Long> firstEmails(Sink smtp, Path data, long from, long to) throws Exception {
        Path dump = data.resolve("smtp-arrivals.txt");
        long started = System.nanoTime();
        smtp.dump(dump);
        long ms = (System.nanoTime() - started) / 1_000_000;
        List<String> arrivals = Files.readAllLines(dump);
        // what every count cost before the sink counted without reading the messages
        System.err.printf(Locale.ROOT, "SMTP sink: read %d arrivals in %d ms%n", arrivals.size(), ms);
        Map<String, Long> first = new HashMap<>();
        for (String line : arrivals) {
            String[] parts = line.split(" ");
            long at = Long.parseLong(parts[0]);
            if (at >= from && at < to) {
                first.merge(parts[1], at, Math::min);
            }
        }
        return first;
    }

    /** i of burst-i@example.com: the link's number (1-based, the order of the seed). */
    static int number(String recipient) {
        return Integer.parseInt(recipient.substring("burst-".length(), recipient.indexOf('@')));
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }
}
