package dev.relink.belvo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * A flow's bulk reads handed from a batch to each of its steps: a step asking about a link its batch
 * read already shares the batch's reads instead of copying them (a batch of n steps held n copies of
 * n links), and one asking about anything else gets reads of its own with the batch's in them.
 */
class LinkReadsTest {

    static final String READ = "16f68516-bcbc-4cf7-b815-c500d4204e28";
    static final String OTHER = "26f68516-bcbc-4cf7-b815-c500d4204e28";

    @Test
    void aStepAskingAboutALinkItsBatchReadSharesTheBatchsReadsAndReadsNothing() {
        LinkReads batch = new LinkReads(null, List.of(link(READ)));
        assertThat(LinkReads.after(batch, List.of(READ))).isSameAs(batch);
        assertThat(LinkReads.after(batch, List.of(READ.toUpperCase()))).as("Belvo's ids in any case").isSameAs(batch);
        LinkPaging step = requests().getLinks(List.of(READ), batch);
        assertThat(step.getReads()).isSameAs(batch);
        assertThat(step.getNextPage()).as("no request to Belvo").isNull();
    }

    @Test
    void aStepAskingAboutAnotherLinkReadsItAndKeepsTheBatchsReads() {
        LinkReads batch = new LinkReads(null, List.of(link(READ)));
        LinkReads step = LinkReads.after(batch, List.of(OTHER));
        assertThat(step).isNotSameAs(batch);
        assertThat(step.uuids()).containsExactly(OTHER);
        assertThat(requests().getLinks(List.of(READ, OTHER), batch).getNextPage().query()).as("only the other is read")
                .startsWith("id__in=" + OTHER + "&");
        assertThat(step.link(READ)).isEqualTo(batch.link(READ));
        assertThat(batch.asked(OTHER)).as("the batch's reads unchanged").isFalse();
        assertThat(LinkReads.after(batch, List.of(link(OTHER)))).as("a listed link is added, not shared")
                .isNotSameAs(batch);
    }

    private static BelvoRequests requests() {
        return new BelvoRequests(new BelvoProperties(URI.create("https://sandbox.belvo.com"), "id", "password",
                "read_links", 1000, Duration.ofSeconds(10), Duration.ofSeconds(60)), new ObjectMapper());
    }

    private static Link link(String id) {
        return new Link(id, "gringotts", null, null, null, null, null, Link.INVALID, null, null, null, null, null);
    }
}
