package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.incident.Incident;
import dev.relink.incident.IncidentQueries;
import dev.relink.institution.InstitutionHolds;
import dev.relink.repair.RepairTokens;
import dev.relink.support.LinkIds;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.BelvoStub;
import dev.relink.support.RelinkOnPostgres;
import dev.relink.support.SharedPostgres;
import dev.relink.support.WebhookClient;

/**
 * Two Relink replicas on one PostgreSQL: the poll runs once per schedule, a signal makes one incident, the
 * repair page's cap on Belvo tokens per incident holds across both, and they agree on one institution hold
 * (Belvo reporting the bank down, or a spike of its new broken links) and on its end.
 */
class ClusteredReplicasTest {

    static final BelvoStub BELVO = new BelvoStub();
    static final String PREFIX = LinkIds.group();
    static final List<String> LISTED = List.of(LinkIds.inGroup(PREFIX, 1), LinkIds.inGroup(PREFIX, 2));

    static SharedPostgres.Database postgres;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void twoReplicas() throws IOException {
        postgres = SharedPostgres.freshDatabase();
        jdbc = new JdbcTemplate(postgres.dataSource());
        BELVO.brokenLinkPages(List.of(LISTED));
        BELVO.linksWithPrefixAre(PREFIX, "invalid");
        first = start();
        second = start();
    }

    static ConfigurableApplicationContext start() throws IOException {
        return RelinkOnPostgres.start(postgres,
                "--relink.belvo.base-url=" + BELVO.baseUrl(),
                "--relink.poll.cron=0/2 * * * * ?",
                "--relink.poll.cluster-checkin=2s");
    }

    @AfterAll
    static void stop() throws IOException {
        second.close();
        first.close();
    }

    static WebhookClient client(ConfigurableApplicationContext app) {
        return new WebhookClient(app.getEnvironment().getProperty("local.server.port", Integer.class));
    }

    @Test
    void pollRunsOncePerScheduleAcrossBothReplicas() {
        assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state", Integer.class)).isEqualTo(2);
        // Count from a few seconds on: ticks that fired late while the replicas were starting are not double runs.
        long from = System.currentTimeMillis() + 3000;

        List<Long> runs = await().atMost(Duration.ofSeconds(90)).until(() -> {
            List<Long> times = new ArrayList<>(BELVO.listRequestTimes());
            times.removeIf(time -> time < from);
            Collections.sort(times);
            return times;
        }, times -> times.size() >= 4);

        // Unclustered, each replica would poll at every tick: pairs of runs milliseconds apart.
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i) - runs.get(i - 1)).as("gap between poll runs %d and %d", i - 1, i)
                    .isGreaterThan(1000);
        }
        long window = runs.get(runs.size() - 1) - runs.get(0);
        assertThat(runs.size()).isLessThanOrEqualTo((int) Math.round(window / 2000.0) + 1);
        assertThat(jdbc.queryForObject("select count(*) from incident where link_id in (?, ?) and open_link_id is not null",
                Integer.class, LISTED.get(0), LISTED.get(1))).isEqualTo(2);
    }

    @Test
    void theSameSignalOnBothReplicasAtOnceMakesOneIncident() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String link = LinkIds.inGroup(PREFIX, 100 + i);
                String report = "{\"link_id\":\"" + link + "\",\"status\":400,\"code\":\"invalid_link\"}";
                CountDownLatch go = new CountDownLatch(1);
                Future<HttpResponse<String>> a = senders.submit(() -> {
                    go.await();
                    return client(first).postJson("/api/link-errors", RelinkIntegrationTest.API_KEY, report);
                });
                Future<HttpResponse<String>> b = senders.submit(() -> {
                    go.await();
                    return client(second).postJson("/api/link-errors", RelinkIntegrationTest.API_KEY, report);
                });
                go.countDown();
                assertThat(a.get().statusCode()).isEqualTo(202);
                assertThat(b.get().statusCode()).isEqualTo(202);
                assertThat(BelvoStubbedTest.json(a.get().body()).get("incident_id"))
                        .isEqualTo(BelvoStubbedTest.json(b.get().body()).get("incident_id"));
                assertThat(jdbc.queryForObject("select count(*) from incident where link_id = ?", Integer.class, link))
                        .isEqualTo(1);
                assertThat(jdbc.queryForObject("select signal_count from incident where link_id = ?", Integer.class,
                        link)).isEqualTo(2);
            }
        } finally {
            senders.shutdown();
        }
    }

    @Test
    void aBurstOfSignalsOnBothReplicasMakesOneIncidentPerLinkWithEverySignalCounted() throws Exception {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            links.add(LinkIds.inGroup(PREFIX, 200 + i));
        }
        List<ConfigurableApplicationContext> replicas = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (String link : links) {
                // signals for the same links arrive together on both replicas, in opposite orders
                replicas.add(round % 2 == 0 ? first : second);
                reported.add(link);
            }
            Collections.reverse(links);
        }
        reportAtOnce(replicas, reported);
        for (String link : links) {
            assertThat(jdbc.queryForList("select signal_count from incident where link_id = ?", Integer.class, link))
                    .as("incidents of link %s and their signals", link).containsExactly(6);
            assertThat(jdbc.queryForObject("select count(*) from incident_event e join incident i on i.id = e.incident_id"
                    + " where i.link_id = ? and e.type = 'signal'", Integer.class, link)).isEqualTo(6);
        }
    }

    @Test
    void theRepairPagesTokenCapCountsPressesOnBothReplicas() {
        BELVO.server.stubFor(post(urlEqualTo("/api/token/")).willReturn(okJson("{\"access\":\"a\",\"refresh\":\"r\"}")));
        String link = LinkIds.inGroup(PREFIX, 300);
        HttpResponse<String> opened = client(first).postJson("/api/link-errors", RelinkIntegrationTest.API_KEY,
                "{\"link_id\":\"" + link + "\",\"status\":400,\"code\":\"invalid_link\"}");
        String incident = BelvoStubbedTest.json(opened.body()).get("incident_id").asText();
        String token = first.getBean(RepairTokens.class).issue(incident, Duration.ofHours(1));
        int mintedBefore = BELVO.server.findAll(postRequestedFor(urlEqualTo("/api/token/"))).size();

        for (int press = 0; press < 5; press++) {
            assertThat(pressStart(press % 2 == 0 ? first : second, token).statusCode()).as("press %d", press)
                    .isEqualTo(200);
        }
        assertThat(pressStart(second, token).statusCode()).isEqualTo(429);
        assertThat(pressStart(first, token).statusCode()).isEqualTo(429);

        assertThat(BELVO.server.findAll(postRequestedFor(urlEqualTo("/api/token/")))).hasSize(mintedBefore + 5);
    }

    @Test
    void bothReplicasAgreeOnOneHoldAndTheBankComingBackSettlesItsLinksOnce() throws Exception {
        String bank = "gringotts_mx_retail";
        String prefix = LinkIds.group();
        BELVO.linksWithPrefixAre(prefix, "invalid", bank);
        BELVO.institutionsDown(List.of(bank));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from institution_status where name = ? and status = 'down'", Integer.class, bank) == 1);

        List<String> links = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            links.add(LinkIds.inGroup(prefix, 400 + i));
        }
        List<ConfigurableApplicationContext> replicas = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            replicas.add(i % 2 == 0 ? first : second);
        }
        reportAtOnce(replicas, links);
        await().atMost(Duration.ofSeconds(60)).until(() -> statesOf(prefix), states -> states.equals(Map.of("held", 20L)));
        assertThat(jdbc.queryForObject("select count(*) from institution_hold where institution = ?", Integer.class, bank))
                .as("one hold, whichever replica started it").isEqualTo(1);

        // Belvo reports the bank healthy again; 16 of its 20 links work again
        List<String> repaired = links.subList(0, 16);
        repaired.forEach(link -> BELVO.linkIs(link, "valid"));
        BELVO.institutionsDown(List.of());

        await().atMost(Duration.ofSeconds(60)).until(() -> statesOf(prefix),
                states -> states.getOrDefault("resolved", 0L) == 16 && !states.containsKey("held"));
        Map<String, Long> settled = statesOf(prefix);
        assertThat(settled.getOrDefault("prompting", 0L) + settled.getOrDefault("no_contact", 0L))
                .as("still broken: handed to prompting (%s)", settled).isEqualTo(4);
        assertThat(jdbc.queryForList("select ended_how from institution_hold where institution = ?", String.class, bank))
                .containsExactly("bank_back");
        assertThat(jdbc.queryForObject("select count(*) from incident_event e join incident i on i.id = e.incident_id "
                + "where i.link_id like ? and e.type = 'resolved'", Integer.class, prefix + "%")).isEqualTo(16);
    }

    @Test
    void theDatabaseLostDuringAnInboxBatchLeavesItsRowsToBeClaimedAgainNotDeadLettered() throws Exception {
        String prefix = LinkIds.group();
        // the inbox batch waits on the incident table until every connection of both replicas is cut
        List<String> webhookIds = twentyWebhooksWithTheDatabaseCut(prefix, 500, "incident");

        everyWebhookProcessedOnceAndEveryIncidentDecided(prefix, webhookIds);
    }

    @Test
    void theDatabaseLostDuringARecheckBatchRetriesTheBatchWithoutADeadLetterPerIncident() throws Exception {
        String prefix = LinkIds.group();
        // the inbox batch opens the incidents; their re-check batch waits on the contacts (whom to prompt)
        List<String> webhookIds = twentyWebhooksWithTheDatabaseCut(prefix, 600, "contact");

        everyWebhookProcessedOnceAndEveryIncidentDecided(prefix, webhookIds);
        assertThat(jdbc.queryForObject("select count(*) from webhook_inbox where webhook_id in ("
                + String.join(",", Collections.nCopies(webhookIds.size(), "?")) + ") and attempts = 1", Integer.class,
                webhookIds.toArray())).as("the inbox batch committed before the cut: claimed once").isEqualTo(20);
    }

    /**
     * Belvo's token_required for 20 links of the group (from {@code from} on, broken at Belvo), half to each
     * replica, each answered 202, while the test holds {@code table}; the first query of the app that waits on
     * it has the database cut under it. Answers the webhooks' ids.
     */
    private static List<String> twentyWebhooksWithTheDatabaseCut(String prefix, int from, String table) throws SQLException {
        BELVO.linksWithPrefixAre(prefix, "invalid");
        try (DatabaseCut cut = DatabaseCut.afterAWaitOn(table)) {
            List<String> webhookIds = twentyWebhooks(prefix, from);
            cut.whenAQueryWaitsOn("%" + table + "%");
            return webhookIds;
        }
    }

    /** Belvo's token_required for 20 links of the group (from {@code from} on), half to each replica, each answered 202. */
    private static List<String> twentyWebhooks(String prefix, int from) {
        List<String> webhookIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String webhookId = WebhookIntakeTest.uniqueId();
            webhookIds.add(webhookId);
            HttpResponse<String> answer = client(i % 2 == 0 ? first : second).webhook(WebhookIntakeTest.event(webhookId,
                    "LINK", "token_required", LinkIds.inGroup(prefix, from + i)), RelinkIntegrationTest.WEBHOOK_AUTHORIZATION);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
        return webhookIds;
    }

    /** Each webhook done with one signal line, each link one incident handed on, and nothing left to replay. */
    private static void everyWebhookProcessedOnceAndEveryIncidentDecided(String prefix, List<String> webhookIds) {
        String ids = String.join(",", Collections.nCopies(webhookIds.size(), "?"));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("select count(*) from webhook_inbox "
                + "where webhook_id in (" + ids + ") and status = 'done'", Integer.class, webhookIds.toArray()) == 20
                && !statesOf(prefix).containsKey("open"));
        assertThat(statesOf(prefix).values().stream().mapToLong(Long::longValue).sum()).as("one incident per link")
                .isEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from incident_event e join incident i on i.id = e.incident_id "
                + "where i.link_id like ? and e.type = 'signal'", Integer.class, prefix + "%")).isEqualTo(20);
        assertThat(jdbc.queryForList("select route_id || ': ' || exception_message from dead_letter where status = 'pending'",
                String.class)).as("dead letters left").isEmpty();
    }

    /**
     * The database gone for a moment, as a crash takes it: while a transaction of the test's holds a table, the
     * first query of the app that waits on it has every connection of both replicas cut under it.
     */
    private static final class DatabaseCut implements AutoCloseable {

        private final Connection holder;

        private DatabaseCut(Connection holder) {
            this.holder = holder;
        }

        static DatabaseCut afterAWaitOn(String table) throws SQLException {
            Connection holder = postgres.dataSource().getConnection();
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table " + table + " in access exclusive mode");
            }
            return new DatabaseCut(holder);
        }

        void whenAQueryWaitsOn(String query) throws SQLException {
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock' and query like ?", Integer.class,
                    query) > 0);
            try (Statement cut = holder.createStatement()) {
                cut.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() "
                        + "and pid <> pg_backend_pid()");
            }
        }

        @Override
        public void close() throws SQLException {
            holder.commit();
            holder.close();
        }
    }

    @Test
    void aSpikeReportedToBothReplicasHoldsTheBankOnceAndReleasingItOnEitherPromptsEveryHeldLink() throws Exception {
        String bank = "spiking" + Long.toHexString(System.nanoTime()) + "_mx_retail";
        for (int day = 1; day <= 3; day++) { // a bank Relink has known for days: it has a baseline
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusDays(day);
            jdbc.update("insert into incident (id, link_id, institution, state, reason, signal_count, prompt_step, "
                    + "opened_at, updated_at, closed_at, version) values (?, ?, ?, 'resolved', 'invalid_credentials', 1, 0, "
                    + "?, ?, ?, 0)", UUID.randomUUID().toString(), UUID.randomUUID().toString(), bank, at, at, at);
        }
        String trickle = LinkIds.group();
        String burst = LinkIds.group();
        BELVO.linksWithPrefixAre(trickle, "invalid", bank);
        BELVO.linksWithPrefixAre(burst, "invalid", bank);
        BELVO.institutionsDown(List.of());

        reportAtOnce(alternating(40), links(trickle, 40));
        await().atMost(Duration.ofSeconds(60)).until(() -> handedOver(statesOf(trickle)) == 40);
        assertThat(jdbc.queryForObject("select count(*) from institution_hold where institution = ?", Integer.class, bank))
                .as("40 in the window: no spike").isZero();

        reportAtOnce(alternating(20), links(burst, 20));
        await().atMost(Duration.ofSeconds(60)).until(() -> statesOf(burst),
                states -> states.getOrDefault("held", 0L) + handedOver(states) == 20);
        Map<String, Long> screened = statesOf(burst);
        assertThat(handedOver(screened)).as("handed over before the 50th (%s)", screened).isLessThanOrEqualTo(9);
        assertThat(jdbc.queryForObject("select count(*) from institution_hold where institution = ?", Integer.class, bank))
                .as("one hold, whichever replica saw the spike first").isEqualTo(1);

        HttpResponse<String> released = client(second).postJson("/api/institution-holds/" + bank + "/release",
                RelinkIntegrationTest.API_KEY, "{}");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(client(first).postJson("/api/institution-holds/" + bank + "/release", RelinkIntegrationTest.API_KEY,
                "{}").statusCode()).as("ended once, on either replica").isEqualTo(404);
        assertThat(handedOver(statesOf(burst))).isEqualTo(20);
        assertThat(jdbc.queryForList("select ended_how from institution_hold where institution = ?", String.class, bank))
                .containsExactly("released");
    }

    @Test
    void aHoldTheOtherReplicaStartsMeanwhileIsJoinedInsideARecheckBatchsTransaction() throws Exception {
        String bank = "racing" + Long.toHexString(System.nanoTime()) + "_mx_retail";
        Incident incident = openAtABankBelvoReportsDown(bank);
        String incidentId = incident.id();
        ExecutorService screening = Executors.newSingleThreadExecutor();
        try (Connection other = postgres.dataSource().getConnection()) {
            // the other replica's hold of the bank, written and not yet committed: its unique key is taken
            other.setAutoCommit(false);
            try (PreparedStatement hold = other.prepareStatement("insert into institution_hold (id, institution, "
                    + "open_institution, held_at, cause, belvo_status) values (?, ?, ?, now(), 'belvo_down', 'down')")) {
                hold.setString(1, UUID.randomUUID().toString());
                hold.setString(2, bank);
                hold.setString(3, bank);
                hold.executeUpdate();
            }
            // this replica screens the incident in a re-check batch's transaction: no hold to see, Belvo's
            // down, so it starts one, and its insert waits for the other's
            TransactionTemplate batch = new TransactionTemplate(first.getBean(PlatformTransactionManager.class));
            Future<?> screened = screening.submit(() -> batch.executeWithoutResult(
                    status -> first.getBean(InstitutionHolds.class).screen(incident, null)));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity "
                    + "where wait_event_type = 'Lock' and query like 'insert into institution_hold%'", Integer.class) == 1);
            other.commit();
            screened.get(30, TimeUnit.SECONDS);
        } finally {
            screening.shutdown();
        }
        assertThat(jdbc.queryForObject("select state from incident where id = ?", String.class, incidentId))
                .as("joined the other's hold, the batch's transaction intact").isEqualTo("held");
        assertThat(jdbc.queryForObject("select count(*) from institution_hold where institution = ?", Integer.class, bank))
                .isEqualTo(1);
        assertThat(client(first).postJson("/api/institution-holds/" + bank + "/close-bank-side",
                RelinkIntegrationTest.API_KEY, "{}").statusCode()).isEqualTo(200);
        BELVO.institutionsDown(List.of());
    }

    @Test
    void aHoldStartedInsideARecheckBatchIsInForceOnBothReplicasBeforeTheBatchCommits() throws Exception {
        String bank = "early" + Long.toHexString(System.nanoTime()) + "_mx_retail";
        Incident incident = openAtABankBelvoReportsDown(bank);
        CountDownLatch screened = new CountDownLatch(1);
        CountDownLatch batchMayEnd = new CountDownLatch(1);
        ExecutorService screening = Executors.newSingleThreadExecutor();
        try {
            // the first replica's re-check batch screens the incident and starts the hold; its other
            // incidents (and their channels' queues) take seconds more before the batch commits
            TransactionTemplate batch = new TransactionTemplate(first.getBean(PlatformTransactionManager.class));
            Future<?> done = screening.submit(() -> batch.executeWithoutResult(status -> {
                first.getBean(InstitutionHolds.class).screen(incident, null);
                screened.countDown();
                awaitQuietly(batchMayEnd);
            }));
            assertThat(screened.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.getBean(InstitutionHolds.class).isHeld(bank))
                    .as("the other replica's channels see the hold before the batch commits").isTrue();
            assertThat(client(second).get("/api/institution-holds/" + bank, RelinkIntegrationTest.API_KEY).statusCode())
                    .isEqualTo(200);
            assertThat(jdbc.queryForObject("select state from incident where id = ?", String.class, incident.id()))
                    .as("the incident is held with its batch").isEqualTo("open");
            batchMayEnd.countDown();
            done.get(30, TimeUnit.SECONDS);
        } finally {
            batchMayEnd.countDown();
            screening.shutdown();
        }
        assertThat(jdbc.queryForObject("select state from incident where id = ?", String.class, incident.id()))
                .isEqualTo("held");
        assertThat(client(first).postJson("/api/institution-holds/" + bank + "/close-bank-side",
                RelinkIntegrationTest.API_KEY, "{}").statusCode()).isEqualTo(200);
        BELVO.institutionsDown(List.of());
    }

    /** An open incident at a bank Belvo's last listing (read by the poll) reports down: its screening starts a hold. */
    private Incident openAtABankBelvoReportsDown(String bank) {
        BELVO.institutionsDown(List.of(bank));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from institution_status where name = ?", Integer.class, bank) == 1);
        String incidentId = UUID.randomUUID().toString();
        String link = UUID.randomUUID().toString();
        jdbc.update("insert into incident (id, link_id, open_link_id, institution, state, reason, opened_at, updated_at) "
                + "values (?, ?, ?, ?, 'open', 'invalid_credentials', now(), now())", incidentId, link, link, bank);
        return first.getBean(IncidentQueries.class).find(incidentId).orElseThrow();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ConfigurableApplicationContext> alternating(int count) {
        List<ConfigurableApplicationContext> replicas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replicas.add(i % 2 == 0 ? first : second);
        }
        return replicas;
    }

    private static List<String> links(String prefix, int count) {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            links.add(LinkIds.inGroup(prefix, 500 + i));
        }
        return links;
    }

    /** Incidents handed to prompting: prompted, or parked for want of a contact. */
    private static long handedOver(Map<String, Long> states) {
        return states.getOrDefault("prompting", 0L) + states.getOrDefault("no_contact", 0L);
    }

    private static Map<String, Long> statesOf(String prefix) {
        Map<String, Long> states = new TreeMap<>();
        jdbc.queryForList("select state, count(*) n from incident where link_id like ? group by state", prefix + "%")
                .forEach(row -> states.put((String) row.get("state"), ((Number) row.get("n")).longValue()));
        return states;
    }

    /** The app reports Belvo's invalid_link for each link to its replica, all released at once; each answered 202. */
    private static void reportAtOnce(List<ConfigurableApplicationContext> replicas, List<String> links) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < links.size(); i++) {
                ConfigurableApplicationContext replica = replicas.get(i);
                String report = "{\"link_id\":\"" + links.get(i) + "\",\"status\":400,\"code\":\"invalid_link\"}";
                answers.add(senders.submit(() -> {
                    go.await();
                    return client(replica).postJson("/api/link-errors", RelinkIntegrationTest.API_KEY, report);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(202);
            }
        } finally {
            senders.shutdown();
        }
    }

    private static HttpResponse<String> pressStart(ConfigurableApplicationContext replica, String token) {
        WebhookClient client = client(replica);
        return client.send(HttpRequest.newBuilder(URI.create(client.base() + "/repair/" + token + "/start"))
                .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.noBody()));
    }
}
