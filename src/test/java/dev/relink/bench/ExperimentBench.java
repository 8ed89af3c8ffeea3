package dev.relink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import org.awaitility.Awaitility;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.RelinkApplication;
import dev.relink.checks.MountedFolder;
import dev.relink.experiment.ExperimentLab;
import dev.relink.experiment.ExperimentReport;
import dev.relink.prompt.MutableClock;
import dev.relink.sandbox.PeopleModel;
import dev.relink.support.FreePorts;
import dev.relink.support.TempDirectories;

/**
 * An A/B/holdout experiment with known repair rates (bench/run-experiment.sh). Part 1 runs it through the
 * whole app: the emulator holds {@code bench.incidents} links broken for token_required, one person
 * each with an email address; one poll opens their incidents, the ladder assigns each to an arm and
 * emails it (the holdout never), and the emulator's people ({@link PeopleModel}) read the mails, press
 * the repair page's button and finish the widget at their arm's rate, or repair unprompted; the clock
 * is moved through the outcome window (set short, {@code relink.experiments.outcome-window}) and the report
 * is read from {@code GET /api/experiments/bench}. Part 2 repeats the experiment many times with the
 * same people model, the app's own assignment and report, but no app in between: how often each
 * interval holds its true rate, how often the right arm wins, and how often an A/A experiment, looked at
 * every day, names a winner.
 */
public final class ExperimentBench {

    static final int INCIDENTS = Integer.getInteger("bench.incidents", 20_000);
    static final int RUNS = Integer.getInteger("bench.runs", 200);
    /** {@code app} (part 1 only), {@code repeated} (part 2 only), else both. */
    static final String PART = System.getProperty("bench.part", "both");
    static final double[] RATES = rates(System.getProperty("bench.rates", "0.30,0.36,0.10"));
    static final Duration WINDOW = Duration.parse(System.getProperty("bench.window", "PT2H"));
    static final double CONFIDENCE = 0.95;
    static final double SMALLEST_EFFECT = 0.02;
    static final String INSTITUTION = "heimdall_mx_retail";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Argument: the file to write the Markdown section to. */
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        if (!"repeated".equals(PART)) {
            out.append(new ExperimentBench().throughTheApp());
        }
        if (!"app".equals(PART)) {
            out.append(repeated());
        }
        Files.writeString(Path.of(args[0]), out.toString());
        System.exit(0);
    }

    // ---- the people: the holdout's rate is unprompted repairs; a prompt adds start × finish on top

    static final double START_A = 0.5;
    static final double START_B = 0.55;

    /** The people model whose true rates are RATES: control, b (variant "b"), holdout. */
    static PeopleModel people(long seed) {
        double unprompted = RATES[2];
        double promptedA = 1 - (1 - RATES[0]) / (1 - unprompted);
        double promptedB = 1 - (1 - RATES[1]) / (1 - unprompted);
        return new PeopleModel(seed, new PeopleModel.Unprompted(unprompted, Duration.ofMinutes(30)), Map.of("b", "one minute"),
                List.of(new PeopleModel.Rule("email", PeopleModel.DEFAULT_VARIANT, null, START_A, promptedA / START_A,
                        Duration.ofMinutes(20), Duration.ofMinutes(4)),
                        new PeopleModel.Rule("email", "b", null, START_B, promptedB / START_B, Duration.ofMinutes(20),
                                Duration.ofMinutes(4))));
    }

    static String modelJson(PeopleModel model) throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (PeopleModel.Rule rule : model.rules()) {
            rules.add(Map.of("channel", rule.channel(), "variant", rule.variant(), "start", rule.start(), "finish",
                    rule.finish(), "start_after", rule.startAfter().toString(), "finish_after", rule.finishAfter().toString()));
        }
        return JSON.writeValueAsString(Map.of("seed", model.seed(), "variants", model.variants(), "rules", rules,
                "unprompted", Map.of("probability", model.unprompted().probability(),
                        "after", model.unprompted().after().toString())));
    }

    // ---- part 1: the whole app

    private String base;
    private JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newHttpClient();

    String throughTheApp() throws Exception {
        Path dir = TempDirectories.create("relink-bench-experiment-");
        Path templates = dir.resolve("templates");
        for (Path file : MountedFolder.files(Path.of("templates"))) {
            Files.createDirectories(templates.resolve(file.toString()).getParent());
            Files.copy(Path.of("templates").resolve(file), templates.resolve(file.toString()));
        }
        Path variant = Files.createDirectories(templates.resolve("token_required/variants/b/en"));
        Files.writeString(variant.resolve("email-subject.mustache"), "Reconnect {{institution}}: one minute");
        Path experiments = dir.resolve("experiments.yaml");
        Files.writeString(experiments, """
                experiments:
                  - id: bench
                    status: running
                    reasons: [token_required]
                    arms:
                      - name: control
                        weight: 45
                      - name: b
                        weight: 45
                        template: b
                      - name: holdout
                        weight: 10
                        holdout: true
                """);
        int port = FreePorts.next();
        base = "http://localhost:" + port;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RelinkApplication.class,
                MutableClock.InTheApp.class).profiles("local").run("--server.port=" + port,
                        "--relink.sandbox.smtp-port=" + FreePorts.next(), "--relink.data-dir=" + dir.resolve("data"),
                        "--relink.poll.cron=0 0 0 1 1 ? 2099", "--relink.sandbox.seed-demo-links=false",
                        "--relink.contacts.seed-file=", "--relink.templates-dir=" + templates,
                        "--relink.experiments-file=" + experiments, "--relink.experiments.outcome-window=" + WINDOW,
                        "--relink.prompt.tick-interval=200", "--logging.level.root=WARN")) {
            jdbc = app.getBean(JdbcTemplate.class);
            MutableClock clock = app.getBean(MutableClock.class);
            GreenMail smtp = app.getBean(GreenMail.class);
            Instant start = clock.instant();
            long wallStart = System.nanoTime();
            importContacts();
            request("PUT", "/sandbox/admin/people", modelJson(people(1)));
            request("POST", "/sandbox/admin/links", "{\"count\":" + INCIDENTS + ",\"institution\":\"" + INSTITUTION
                    + "\",\"status\":\"token_required\",\"external_id_prefix\":\"person\"}");
            poll(app);
            await(() -> count("select count(*) from experiment_assignment") == INCIDENTS
                    && count("select count(*) from prompt_delivery") + count("select count(*) from experiment_assignment"
                            + " where arm = 'holdout'") == INCIDENTS
                    && smtp.getReceivedMessages().length == count("select count(*) from prompt_delivery"),
                    "every incident assigned and every prompt mailed");
            double promptedSeconds = seconds(wallStart);
            long actingStart = System.nanoTime();
            // the people act over the first hour, a minute of the app's clock at a time (a widget token lives 10)
            for (int minutes = 1; minutes <= 60; minutes++) {
                clock.set(start.plus(Duration.ofMinutes(minutes)));
                request("POST", "/sandbox/admin/people/tick", "");
            }
            double actingSeconds = seconds(actingStart);
            long settleStart = System.nanoTime();
            poll(app); // the links repaired at the bank, unprompted, are valid when Relink looks again
            int valid = validLinks();
            await(() -> count("select count(*) from incident where state = 'resolved'") == valid,
                    "every link valid again resolved");
            double settleSeconds = seconds(settleStart);
            clock.set(start.plus(WINDOW).plus(Duration.ofMinutes(1)));
            JsonNode report = JSON.readTree(request("GET", "/api/experiments/bench", null));
            JsonNode people = JSON.readTree(request("GET", "/sandbox/admin/people", null)).path("counts");
            return partOne(report, people, valid, promptedSeconds, actingSeconds, settleSeconds, seconds(wallStart));
        }
    }

    private String partOne(JsonNode report, JsonNode people, int valid, double prompted, double acting, double settle,
            double total) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "### Part 1: %,d incidents through the whole app%n%n", INCIDENTS));
        out.append("| arm | true rate | assigned | repaired | rate | 95 % interval | interval holds the true rate |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        String[] arms = {"control", "b", "holdout"};
        boolean allHold = true;
        for (int i = 0; i < arms.length; i++) {
            JsonNode arm = report.path("arms").get(i);
            boolean holds = arm.path("ci_low").asDouble() <= RATES[i] && RATES[i] <= arm.path("ci_high").asDouble();
            allHold &= holds;
            out.append(String.format(Locale.ROOT, "| %s | %.1f %% | %,d | %,d | %.2f %% | %.2f–%.2f %% | %s |%n",
                    arms[i], 100 * RATES[i], arm.path("assigned").asLong(), arm.path("repaired").asLong(),
                    100 * arm.path("rate").asDouble(), 100 * arm.path("ci_low").asDouble(),
                    100 * arm.path("ci_high").asDouble(), holds ? "yes" : "**no**"));
        }
        JsonNode b = report.path("comparisons").get(0);
        JsonNode lift = report.path("lift");
        out.append(String.format(Locale.ROOT, "%nb − control: %+.2f points, always-valid interval %+.2f to %+.2f (%s); "
                + "lift of prompting (control − holdout): %+.2f points, %+.2f to %+.2f. **Winner: %s** (right arm: b; %s). "
                + "Every interval holds its true rate: %s.%n", 100 * b.path("difference").asDouble(),
                100 * b.path("ci_low").asDouble(), 100 * b.path("ci_high").asDouble(), b.path("verdict").asText(),
                100 * lift.path("difference").asDouble(), 100 * lift.path("ci_low").asDouble(),
                100 * lift.path("ci_high").asDouble(), report.path("winner").asText("none"),
                report.path("winner").isNull() ? "none named yet" : "b".equals(report.path("winner").asText()) ? "right" : "**wrong**", allHold ? "yes" : "**no**"));
        out.append(String.format(Locale.ROOT, "%nThe people read %,d prompts, started %,d repairs, finished %,d in the "
                + "widget, left %,d, repaired %,d links unprompted; %,d could not go on (the page said the link was fixed "
                + "already, or the widget failed). Links valid in the emulator at the end: %,d, every one's incident resolved.%n",
                people.path("read").asLong(), people.path("started").asLong(), people.path("finished").asLong(),
                people.path("left").asLong(), people.path("unprompted").asLong(), people.path("failed").asLong(), valid));
        out.append(String.format(Locale.ROOT, "%nWall time: %.0f s from seeding to every prompt mailed, %.0f s for the "
                + "people's hour (60 ticks of a minute on the app's clock), %.0f s for the poll to find the unprompted "
                + "repairs, %.0f s in all.%n%n", prompted, acting, settle, total));
        return out.toString();
    }

    /** person-1..N, an email address each, through the contacts import API (2,000 rows a file, under its body limit). */
    private void importContacts() throws Exception {
        for (int first = 1; first <= INCIDENTS; first += 2_000) {
            StringBuilder csv = new StringBuilder("external_id,name,email,phone,locale,channel,time_zone\n");
            for (int i = first; i < first + 2_000 && i <= INCIDENTS; i++) {
                csv.append("person-").append(i).append(",,person-").append(i).append("@bench.local,,en,email,UTC\n");
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/contacts/import"))
                    .header("Authorization", "Bearer relink-local-api-key").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("contacts import: " + answer.statusCode() + " " + answer.body());
            }
        }
    }

    private void poll(ConfigurableApplicationContext app) throws Exception {
        app.getBean(Scheduler.class).triggerJob(JobKey.jobKey("poll-links", "detect"));
    }

    private int validLinks() throws Exception {
        String basic = Base64.getEncoder().encodeToString("relink-demo-id:relink-demo-password".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base
                + "/sandbox/api/links/?status=valid&page_size=1")).header("Authorization", "Basic " + basic).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("count").asInt();
    }

    private String request(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
        if (path.startsWith("/api/")) {
            request.header("Authorization", "Bearer relink-local-api-key");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private int count(String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }

    private static void await(Supplier<Boolean> condition, String what) {
        Awaitility.await(what).atMost(Duration.ofMinutes(40)).pollInterval(Duration.ofMillis(500)).until(condition::get);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    // ---- part 2: the same experiment many times, the app's assignment and report, no app in between

    static String repeated() {
        List<ExperimentLab.ArmSpec> abh = List.of(new ExperimentLab.ArmSpec("control", 45, false, null),
                new ExperimentLab.ArmSpec("b", 45, false, "b"), new ExperimentLab.ArmSpec("holdout", 10, true, null));
        List<ExperimentLab.ArmSpec> aa = List.of(new ExperimentLab.ArmSpec("control", 50, false, null),
                new ExperimentLab.ArmSpec("a2", 50, false, null));
        int[] holds = new int[3];
        int rightWinner = 0;
        int namedB = 0;
        long daysToDecide = 0;
        int falseWinners = 0;
        int falseWinnersAtTheEnd = 0;
        for (int run = 1; run <= RUNS; run++) {
            Trial ab = trial("ab-" + run, abh, run);
            ExperimentReport end = ab.looks().get(ab.looks().size() - 1);
            for (int i = 0; i < 3; i++) {
                ExperimentReport.ArmLine arm = end.arms().get(i);
                holds[i] += arm.ciLow() <= RATES[i] && RATES[i] <= arm.ciHigh() ? 1 : 0;
            }
            rightWinner += "b".equals(end.winner()) ? 1 : 0;
            for (int day = 0; day < ab.looks().size(); day++) {
                if ("b".equals(ab.looks().get(day).winner())) {
                    daysToDecide += day + 1;
                    namedB++;
                    break;
                }
            }
            Trial same = trial("aa-" + run, aa, 100_000 + run);
            falseWinners += same.looks().stream().anyMatch(look -> look.winner() != null) ? 1 : 0;
            falseWinnersAtTheEnd += same.looks().get(same.looks().size() - 1).winner() != null ? 1 : 0;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "### Part 2: %d runs of each experiment, %,d incidents each, looked at daily%n%n",
                RUNS, INCIDENTS));
        out.append("| experiment | what is counted | runs | share | stated |\n|---|---|---|---|---|\n");
        String[] arms = {"control", "b", "holdout"};
        for (int i = 0; i < 3; i++) {
            out.append(String.format(Locale.ROOT, "| A/B/holdout | %s's 95 %% interval holds its true rate (%.0f %%) | %d of %d | %.1f %% | 95 %% |%n",
                    arms[i], 100 * RATES[i], holds[i], RUNS, 100.0 * holds[i] / RUNS));
        }
        out.append(String.format(Locale.ROOT, "| A/B/holdout | winner is b at the end | %d of %d | %.1f %% | |%n", rightWinner,
                RUNS, 100.0 * rightWinner / RUNS));
        out.append(String.format(Locale.ROOT, "| A/A (both 30 %%) | a winner named at any daily look | %d of %d | %.1f %% | at most 5 %% |%n",
                falseWinners, RUNS, 100.0 * falseWinners / RUNS));
        out.append(String.format(Locale.ROOT, "| A/A | a winner named at the last look | %d of %d | %.1f %% | at most 5 %% |%n",
                falseWinnersAtTheEnd, RUNS, 100.0 * falseWinnersAtTheEnd / RUNS));
        out.append(String.format(Locale.ROOT, "%n%d of the A/B/holdout runs named b at some look, first on day %.1f of 20 on "
                + "average (%,d incidents a day).%n", namedB, namedB == 0 ? Double.NaN : (double) daysToDecide / namedB,
                INCIDENTS / 20));
        return out.toString();
    }

    /** One experiment's reports, one a day for 20 days, 1/20 of the incidents assigned each day. */
    record Trial(List<ExperimentReport> looks) {
    }

    static Trial trial(String id, List<ExperimentLab.ArmSpec> arms, long seed) {
        ExperimentLab lab = new ExperimentLab(id, arms);
        PeopleModel people = people(seed);
        Instant start = Instant.parse("2026-11-25T18:00:00Z");
        int days = 20;
        List<ExperimentReport> looks = new ArrayList<>();
        for (int i = 0; i < INCIDENTS; i++) {
            String person = id + "-person-" + i;
            Instant assigned = start.plus(Duration.ofDays((long) i * days / INCIDENTS)).plusSeconds(i % 3_600);
            ExperimentLab.ArmSpec arm = lab.assign(person);
            Instant repaired = null;
            PeopleModel.Step unprompted = people.unpromptedRepair(person);
            if (unprompted.happens()) {
                repaired = assigned.plus(unprompted.after());
            }
            if (!arm.holdout()) {
                String variant = arm.variant() == null ? PeopleModel.DEFAULT_VARIANT : arm.variant();
                PeopleModel.Step begin = people.start(person, "email", variant);
                PeopleModel.Step finish = people.finish(person, "email", variant, INSTITUTION);
                if (begin.happens() && finish.happens()) {
                    Instant viaPrompt = assigned.plus(begin.after()).plus(finish.after());
                    repaired = repaired == null || viaPrompt.isBefore(repaired) ? viaPrompt : repaired;
                }
            }
            lab.outcome(arm.name(), assigned, repaired);
            boolean lastOfDay = i == INCIDENTS - 1 || (long) (i + 1) * days / INCIDENTS != (long) i * days / INCIDENTS;
            if (lastOfDay) {
                looks.add(lab.report(assigned.plus(WINDOW).plusSeconds(3_600), WINDOW, CONFIDENCE, SMALLEST_EFFECT));
            }
        }
        return new Trial(looks);
    }

    private static double[] rates(String csv) {
        String[] parts = csv.split(",");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    }
}
