package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkIntegrationTest;

/**
 * Mail scanners (Microsoft Safe Links, Proofpoint, Mimecast) and link previews fetch every link of an
 * email: those fetches cost no Belvo call and change no incident; only the page's button mints a
 * widget token, a few per incident and window ({@code relink.repair.max-token-mints}, default 5).
 */
class MailScannerTest extends RelinkIntegrationTest {

    private static final String[] SCANNERS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 "
                + "Microsoft Office SafeLinks",
        "Proofpoint URL Defense",
        "Mimecast Link Scanner",
        "WhatsApp/2.23.20.0 A",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    };

    @Autowired
    RepairFixture fixture;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void scannersFetchingTheLinkAgainAndAgainMintNoTokenAndChangeNoIncident() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("heimdall_mx_retail", "token_required");
        String stateBefore = fixture.state(broken);

        for (String scanner : SCANNERS) {
            assertThat(fixture.get(broken.url(), "User-Agent", scanner).status()).as(scanner).isEqualTo(200);
            assertThat(fixture.head(broken.url(), "User-Agent", scanner).status()).as(scanner).isEqualTo(200);
        }
        assertThat(fixture.get(broken.url(), "Sec-Purpose", "prefetch").status()).isEqualTo(200);
        assertThat(fixture.get(broken.url() + "/start", "User-Agent", SCANNERS[0]).status())
                .as("the button's address fetched as a link").isEqualTo(405);
        assertThat(fixture.head(broken.url() + "/start").status()).isEqualTo(405);

        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isZero();
        assertThat(fixture.state(broken)).isEqualTo(stateBefore);
        assertThat(mintsCounted(broken)).isZero();
        assertThat(fixture.timelineTypes(broken)).contains("page_opened").doesNotContain("repair_started");
    }

    @Test
    void theButtonMintsExactlyOneToken() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("heimdall_mx_retail", "token_required");
        fixture.get(broken.url(), "User-Agent", SCANNERS[1]);

        RepairFixture.Answer widget = fixture.start(broken.url());

        assertThat(widget.status()).isEqualTo(200);
        assertThat(widget.body()).contains("data-access=");
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isEqualTo(1);
        assertThat(mintsCounted(broken)).isEqualTo(1);
    }

    @Test
    void pastTheCapThePageSaysTryAgainLaterWithoutABelvoCallUntilTheWindowEnds() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        for (int press = 1; press <= 5; press++) {
            assertThat(fixture.start(broken.url()).status()).as("press %d", press).isEqualTo(200);
        }

        RepairFixture.Answer sixth = fixture.start(broken.url(), "Accept-Language", "es");

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.body()).contains("Inténtalo de nuevo más tarde").doesNotContain("data-access");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(3500L, 3600L);
        RepairPageTest.assertRepairHeaders(sixth);
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isEqualTo(5);
        assertThat(fixture.timelineTypes(broken)).contains("page_throttled");

        jdbc.update("update incident set token_mints_since = ? where id = ?", OffsetDateTime.now().minusHours(2),
                broken.incident().id());
        assertThat(fixture.start(broken.url()).status()).as("a new window").isEqualTo(200);
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isEqualTo(6);
    }

    @Test
    void aPostFromAnotherSiteStartsNothing() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");

        RepairFixture.Answer crossSite = fixture.postForm(broken.url() + "/start", "Sec-Fetch-Site", "cross-site");
        RepairFixture.Answer otherOrigin = fixture.postForm(broken.url() + "/start", "Origin", "https://evil.example");

        for (RepairFixture.Answer refused : new RepairFixture.Answer[] {crossSite, otherOrigin}) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        }
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isZero();
    }

    private int mintsCounted(RepairFixture.Broken broken) {
        return jdbc.queryForObject("select token_mints from incident where id = ?", Integer.class,
                broken.incident().id());
    }
}
