package dev.relink.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.belvo.BelvoInstitution;
import dev.relink.institution.HoldView;
import dev.relink.institution.InstitutionHolds;
import dev.relink.prompt.Ladder;
import dev.relink.support.RelinkIntegrationTest;

/**
 * The incident's life as its owner enforces it, on the running app and its database: each
 * transition writes its timeline line and, where the app hears about it, its app event; a
 * transition asked of the wrong state, or of a closed incident, changes nothing at all.
 */
class IncidentLifecycleTest extends RelinkIntegrationTest {

    @Autowired
    IncidentLifecycle lifecycle;
    @Autowired
    IncidentQueries incidents;
    @Autowired
    Ladder ladder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InstitutionHolds holds;

    @Test
    void eachTransitionWritesItsTimelineLineAndTheAppHearsOfOpeningSubmissionAndResolution() {
        Incident incident = open(UUID.randomUUID().toString());
        assertThat(types(incident)).containsExactly("opened", "signal");

        assertThat(lifecycle.startPrompting(incident.id())).isTrue();
        assertThat(lifecycle.parkNoContact(incident.id(), "nobody to prompt")).isTrue();
        assertThat(state(incident)).isEqualTo(IncidentState.NO_CONTACT);
        assertThat(lifecycle.resumePrompting(incident.id(), "a contact was saved")).isTrue();
        assertThat(lifecycle.repairSubmitted(incident.id(), "the user finished the widget")).isTrue();
        assertThat(state(incident)).isEqualTo(IncidentState.REPAIR_SUBMITTED);
        assertThat(lifecycle.repairUnconfirmed(incident.id(), "Belvo still says invalid")).isTrue();
        assertThat(lifecycle.resolve(incident.id(), "Belvo says the link is valid")).isTrue();

        assertThat(stateLines(incident)).containsExactly(
                "open -> prompting: Handed to prompting",
                "prompting -> no_contact: nobody to prompt",
                "no_contact -> prompting: a contact was saved",
                "prompting -> repair_submitted: the user finished the widget",
                "repair_submitted -> prompting: Belvo still says invalid");
        assertThat(types(incident)).endsWith("resolved");
        Incident closed = incidents.find(incident.id()).orElseThrow();
        assertThat(closed.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(closed.isOpen()).isFalse();
        assertThat(appEvents(incident)).containsExactly("incident.opened", "incident.repair_submitted",
                "incident.resolved");
    }

    @Test
    void aClosedIncidentDoesNotReopenAndTheLinksNextSignalOpensANewOne() {
        String linkId = UUID.randomUUID().toString();
        Incident incident = open(linkId);
        assertThat(lifecycle.expire(incident.id(), "still broken after the last prompt")).isTrue();
        List<String> timeline = types(incident);

        assertThat(lifecycle.startPrompting(incident.id())).isFalse();
        assertThat(lifecycle.resumePrompting(incident.id(), "a contact was saved")).isFalse();
        assertThat(lifecycle.repairSubmitted(incident.id(), "the user finished the widget")).isFalse();
        assertThat(lifecycle.resolve(incident.id(), "Belvo says the link is valid")).isFalse();
        assertThat(lifecycle.closeDeleted(incident.id(), "Belvo does not know the link")).isFalse();
        assertThat(lifecycle.closeDeletedForLink(linkId, "Belvo sent link_deleted")).isFalse();

        assertThat(state(incident)).isEqualTo(IncidentState.EXPIRED);
        assertThat(types(incident)).isEqualTo(timeline).endsWith("expired");
        assertThat(appEvents(incident)).containsExactly("incident.opened", "incident.expired");
        Incident next = open(linkId);
        assertThat(next.id()).isNotEqualTo(incident.id());
        assertThat(next.state()).isEqualTo(IncidentState.OPEN);
        assertThat(next.signalCount()).isEqualTo(1);
    }

    @Test
    void theSameWebhookProcessedAgainAfterACrashIsNotCountedTwice() {
        String link = UUID.randomUUID().toString();
        Signal webhook = new Signal(link, "user-" + UUID.randomUUID(), "erebor_mx_retail", "token_required",
                Signal.WEBHOOK, "webhook-" + UUID.randomUUID(), "request-1");
        Incident first = lifecycle.open(webhook);

        Incident again = lifecycle.open(webhook);
        Incident next = lifecycle.open(new Signal(link, webhook.externalId(), "erebor_mx_retail", "token_required",
                Signal.WEBHOOK, "webhook-" + UUID.randomUUID(), "request-2"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(next.id()).isEqualTo(first.id());
        assertThat(incidents.find(first.id()).orElseThrow().signalCount()).as("the repeat delivery and one new").isEqualTo(2);
        assertThat(types(first)).containsExactly("opened", "signal", "signal");
    }

    @Test
    void aTransitionFromAnotherStateChangesNothing() {
        Incident incident = open(UUID.randomUUID().toString());
        Incident before = incidents.find(incident.id()).orElseThrow();

        assertThat(lifecycle.parkNoContact(incident.id(), "nobody to prompt")).isFalse();
        assertThat(lifecycle.resumePrompting(incident.id(), "a contact was saved")).isFalse();
        assertThat(lifecycle.repairUnconfirmed(incident.id(), "Belvo still says invalid")).isFalse();
        assertThat(lifecycle.changeReason(incident.id(), "consent_expiring", "consent_expired", "due date passed"))
                .isFalse();

        assertThat(incidents.find(incident.id()).orElseThrow()).isEqualTo(before);
        assertThat(types(incident)).containsExactly("opened", "signal");
        assertThat(appEvents(incident)).containsExactly("incident.opened");
    }

    @Test
    void theHandOffToPromptingIsOneStateChangeEvenWhenAskedTwice() {
        Incident incident = open(UUID.randomUUID().toString());

        Ladder.Plan stepZero = ladder.start(incident.id(), "Belvo says the link is invalid");
        assertThat(ladder.start(incident.id(), "Belvo says the link is invalid")).isNull();
        assertThat(lifecycle.startPrompting(incident.id())).isFalse();

        assertThat(stepZero.due().step()).as("step 0 is planned in the hand-off").isZero();
        assertThat(stateLines(incident)).first().isEqualTo("open -> prompting: Handed to prompting");
        assertThat(stateLines(incident)).filteredOn(line -> line.startsWith("open -> ")).hasSize(1);
        assertThat(types(incident)).as("the re-check's line is written once, with the hand-off")
                .containsOnlyOnce("rechecked");
        // nobody to contact for this user: step 0 parks the incident at once
        assertThat(stepZero.decision()).isEqualTo("no_contact");
        assertThat(state(incident)).isEqualTo(IncidentState.NO_CONTACT);
        assertThat(jdbc.queryForObject("select count(*) from incident where id = ? and prompt_step = 0",
                Integer.class, incident.id())).as("step 0 is claimed by the replica that took the hand-off")
                .isEqualTo(1);
    }

    @Test
    void aConsentWarningTurnsIntoAnExpiryOnceWithItsTimelineLine() {
        Incident incident = lifecycle.open(new Signal(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(),
                "ofmockbank_br_retail", "consent_expiring", Signal.WEBHOOK, null, null));

        assertThat(lifecycle.changeReason(incident.id(), "consent_expiring", "consent_expired", "due date passed"))
                .isTrue();
        assertThat(lifecycle.changeReason(incident.id(), "consent_expiring", "consent_expired", "due date passed"))
                .isFalse();

        assertThat(incidents.find(incident.id()).orElseThrow().reason()).isEqualTo("consent_expired");
        assertThat(incidents.timeline(incident.id())).filteredOn(line -> line.type().equals("reason_changed"))
                .extracting(IncidentEvent::detail)
                .containsExactly("consent_expiring -> consent_expired: due date passed");
    }

    @Test
    void signalsArrivingTogetherMakeOneIncidentPerLinkCountEverySignalAndABadOneFailsAlone() throws Exception {
        List<String> links = IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID().toString()).toList();
        String tooLong = "x".repeat(300); // link_id holds 64 characters: the database refuses this signal
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Incident>> opened = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (String link : links) {
                    opened.add(threads.submit(() -> {
                        go.await();
                        return open(link);
                    }));
                }
            }
            Future<Incident> bad = threads.submit(() -> {
                go.await();
                return open(tooLong);
            });
            go.countDown();

            assertThatThrownBy(bad::get).hasCauseInstanceOf(DataIntegrityViolationException.class);
            for (Future<Incident> incident : opened) {
                assertThat(incident.get().linkId()).isIn(links);
            }
        } finally {
            threads.shutdown();
        }
        for (String link : links) {
            List<String> ids = jdbc.queryForList("select id from incident where link_id = ?", String.class, link);
            assertThat(ids).as("incidents of link %s", link).hasSize(1);
            Incident incident = incidents.find(ids.get(0)).orElseThrow();
            assertThat(incident.signalCount()).isEqualTo(8);
            assertThat(types(incident)).containsExactly("opened", "signal", "signal", "signal", "signal", "signal",
                    "signal", "signal", "signal");
        }
        assertThat(jdbc.queryForObject("select count(*) from incident where link_id = ?", Integer.class, tooLong))
                .isZero();
    }

    @Test
    void incidentIdsAreTimeOrderedUuids() {
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> open(UUID.randomUUID().toString()).id()).toList();

        assertThat(ids).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
        assertThat(ids).isSorted();
    }

    @Test
    void forgettingAPersonClosesTheirOpenIncidentsAsErasedAndForgetsThoseOfTheirLinksFromBeforeBelvoNamedThem() {
        String link = UUID.randomUUID().toString();
        String user = "user-" + UUID.randomUUID();
        Incident anonymous = lifecycle.open(new Signal(link, null, "erebor_mx_retail", "invalid_credentials",
                Signal.WEBHOOK, "webhook-1", "request-1"));
        assertThat(lifecycle.resolve(anonymous.id(), "valid again")).isTrue();
        Incident named = lifecycle.open(new Signal(link, user, "erebor_mx_retail", "token_required", Signal.POLL,
                null, null));
        lifecycle.note(named.id(), "rechecked", "still broken");
        lifecycle.note(named.id(), "rechecked", "still broken for " + user);
        Incident someoneElse = open(UUID.randomUUID().toString());

        IncidentLifecycle.Forgotten forgotten = lifecycle.forgetPerson(user, "erased");

        assertThat(forgotten.incidentIds()).containsExactlyInAnyOrder(anonymous.id(), named.id());
        assertThat(forgotten.linkIds()).containsExactly(link);
        Incident erased = incidents.find(named.id()).orElseThrow();
        assertThat(erased.state()).isEqualTo(IncidentState.ERASED);
        assertThat(erased.isOpen()).isFalse();
        assertThat(erased.externalId()).isNull();
        assertThat(erased.linkId()).isNull();
        assertThat(erased.reason()).isEqualTo("token_required");
        assertThat(incidents.find(anonymous.id()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(types(erased)).containsExactly("opened", "signal", "rechecked", "erased");
        assertThat(incidents.timeline(anonymous.id())).allSatisfy(line -> {
            assertThat(line.detail()).isNull();
            assertThat(line.webhookId()).isNull();
            assertThat(line.requestId()).isNull();
        });
        assertThat(incidents.find(someoneElse.id()).orElseThrow().externalId()).isNotNull();
        assertThat(lifecycle.startPrompting(named.id())).as("an erased incident never reopens").isFalse();
    }

    @Test
    void anIncidentOfAHeldInstitutionWaitsAsHeldAndTheAppHearsOfTheHoldAndItsEnd() throws Exception {
        String bank = "lifecycle_" + UUID.randomUUID().toString().substring(0, 8) + "_retail";
        holds.belvoReports(List.of(new BelvoInstitution(bank, BelvoInstitution.DOWN))); // the poll's read of Belvo
        try {
            Incident incident = lifecycle.open(new Signal(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(),
                    bank, "invalid_credentials", Signal.WEBHOOK, null, null));

            assertThat(holds.screen(incident, null).verdict()).isEqualTo("held");
            assertThat(state(incident)).isEqualTo(IncidentState.HELD);
            assertThat(lifecycle.startPrompting(incident.id())).as("a held incident is not handed over").isFalse();
            assertThat(lifecycle.closeBankSide(open(UUID.randomUUID().toString()).id(), "not held"))
                    .as("only a held incident closes as bank-side").isFalse();
            assertThat(holds.release(bank)).get().extracting(HoldView::heldLinks).isEqualTo(1L);
            assertThat(holds.release(bank)).as("released once").isEmpty();

            assertThat(state(incident)).isEqualTo(IncidentState.PROMPTING);
            assertThat(stateLines(incident)).hasSize(2);
            assertThat(stateLines(incident).get(0)).startsWith("open -> held: institution " + bank + " on hold since ")
                    .endsWith("Belvo reports it down; nobody is prompted until the hold ends");
            assertThat(stateLines(incident).get(1)).isEqualTo("held -> prompting: ops released the hold of " + bank
                    + ": prompting");
            List<String> events = jdbc.queryForList("select type from app_event where type like 'institution.%' "
                    + "and payload like ? order by id", String.class, "%\"" + bank + "\"%");
            assertThat(events).containsExactly("institution.held", "institution.released");
            List<String> payloads = jdbc.queryForList("select payload from app_event where type like 'institution.%' "
                    + "and payload like ? order by id", String.class, "%\"" + bank + "\"%");
            assertThat(payloads.get(0)).contains("\"cause\":\"belvo_down\"", "\"held_links\":1");
            assertThat(payloads.get(1)).contains("\"ended_how\":\"released\"").doesNotContain("external_id", "link_id");
        } finally {
            holds.belvoReports(List.of());
        }
    }

    private Incident open(String linkId) {
        return lifecycle.open(new Signal(linkId, "user-" + UUID.randomUUID(), "erebor_mx_retail",
                "invalid_credentials", Signal.WEBHOOK, null, null));
    }

    private String state(Incident incident) {
        return incidents.find(incident.id()).orElseThrow().state();
    }

    private List<String> types(Incident incident) {
        return incidents.timeline(incident.id()).stream().map(IncidentEvent::type).toList();
    }

    private List<String> stateLines(Incident incident) {
        return incidents.timeline(incident.id()).stream().filter(line -> line.type().equals("state"))
                .map(IncidentEvent::detail).toList();
    }

    private List<String> appEvents(Incident incident) {
        return jdbc.queryForList("select type from app_event where incident_id = ? order by id", String.class,
                incident.id());
    }
}
