package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.relink.support.LinkIds;

/**
 * Belvo pages its listing by number, so a listing that shrinks while the poll reads it (links repaired
 * meanwhile) ends with a page that is gone: Belvo answers 404 "Invalid page." for a page its own
 * {@code next} named. Seen at a bank's return (bench/RESULTS.md, burst bank-back): the poll then failed
 * whole, dead-lettered, before its re-checks.
 */
class PollListingShrinksTest extends BelvoStubbedTest {

    @BeforeEach
    void webhookClient() {
        client();
    }

    @Test
    void aPageGoneWhenTheListingGetsToItEndsTheListingAndThePollGoesOnToItsRechecks() throws Exception {
        String repaired = promptedLinkRepairedSince();
        String prefix = LinkIds.group();
        List<String> firstPage = List.of(LinkIds.inGroup(prefix, 1), LinkIds.inGroup(prefix, 2));
        BELVO.brokenLinkPages(List.of(firstPage, List.of(LinkIds.inGroup(prefix, 3))));
        BELVO.linksWithPrefixAre(prefix, "invalid");
        BELVO.listingPageGone(2);
        int deadLettersBefore = pollDeadLetters();

        firePoll();

        for (String link : firstPage) {
            JsonNode incident = awaitIncident(link, BelvoStubbedTest::handedOn);
            assertThat(DetectFlowTest.signalEvent(incident).get("source").asText()).isEqualTo("poll");
        }
        assertThat(awaitIncident(repaired, BelvoStubbedTest::closed).get("state").asText())
                .as("the poll went on to re-check what it did not list").isEqualTo("resolved");
        assertThat(pollDeadLetters()).as("the poll did not fail").isEqualTo(deadLettersBefore);
    }

    private int pollDeadLetters() {
        return jdbc.queryForObject("select count(*) from dead_letter where route_id = 'detect.poll-links'", Integer.class);
    }
}
