package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.incident.IncidentLifecycle;
import dev.relink.sandbox.SandboxWidgetTokens;
import dev.relink.support.RelinkIntegrationTest;

/** Every state of {@code GET /repair/{token}} and its button, over HTTP, with the status and headers a browser gets. */
class RepairPageTest extends RelinkIntegrationTest {

    private static final Pattern ACCESS = Pattern.compile("data-access=\"([^\"]+)\"");

    @Autowired
    IncidentLifecycle incidents;
    @Autowired
    RepairTokens repairTokens;
    @Autowired
    SandboxWidgetTokens widgetTokens;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RepairFixture fixture;

    @Test
    void theLinkShowsOneButtonAndEachPressMintsOneWidgetTokenForTheIncidentsLinkAndPutsItInThePageOnly()
            throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("heimdall_mx_retail", "token_required");

        RepairFixture.Answer view = fixture.get(broken.url());
        assertThat(view.status()).isEqualTo(200);
        assertRepairHeaders(view);
        assertThat(view.body()).contains("Relink needs you to reconnect Heimdall Bank")
                .contains("<form id=\"start\" method=\"post\" action=\"/repair/" + broken.token() + "/start\">")
                .contains("Reconnect my bank").doesNotContain("data-access").doesNotContain("<script");
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isZero();

        RepairFixture.Answer first = fixture.start(broken.url());
        RepairFixture.Answer second = fixture.start(broken.url());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Type")).startsWith("text/html");
        assertRepairHeaders(first);
        String access = access(first);
        assertThat(access).isNotEqualTo(access(second));
        assertThat(widgetTokens.linkIdFor(access)).contains(broken.linkId());
        assertThat(widgetTokens.linkIdFor(access(second))).contains(broken.linkId());
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isEqualTo(2);
        assertThat(first.body())
                .contains("<script src=\"/sandbox/widget/belvo-widget-standin.js\" defer></script>")
                .contains("<script src=\"/repair/assets/repair.js\" defer></script>")
                .contains("data-events-url=\"/repair/" + broken.token() + "/events\"")
                .doesNotContain("<script>");
        assertThat(fixture.timelineTypes(broken)).filteredOn("page_opened"::equals).hasSize(1);
        assertThat(fixture.timelineTypes(broken)).filteredOn("repair_started"::equals).hasSize(2);
        assertThat(fixture.timeline(broken)).noneMatch(event -> event.detail() != null
                && event.detail().contains(access));
    }

    @Test
    void thePageSpeaksTheContactsLanguageElseTheBrowsersElseEnglish() throws Exception {
        RepairFixture.Broken withContact = fixture.brokenLink("erebor_mx_retail", "invalid");
        jdbc.update("insert into contact (external_id, email, locale, updated_at) values (?, ?, ?, current_timestamp)",
                withContact.externalId(), "ana@example.com", "pt-BR");
        RepairFixture.Broken withoutContact = fixture.brokenLink("erebor_mx_retail", "invalid");

        RepairFixture.Answer portuguese = fixture.get(withContact.url(), "Accept-Language", "es-MX,es;q=0.9");
        assertThat(portuguese.body())
                .contains("<html lang=\"pt\">").contains("Relink precisa que você reconecte Erebor Bank").contains("Reconectar meu banco");
        assertThat(portuguese.header("Content-Language")).isEqualTo("pt");
        assertThat(fixture.start(withContact.url(), "Accept-Language", "es-MX,es;q=0.9").body())
                .as("the widget too").contains("data-locale=\"pt\"");
        assertThat(fixture.get(withoutContact.url(), "Accept-Language", "de-DE,es;q=0.8,en;q=0.5").body())
                .contains("<html lang=\"es\">").contains("Relink necesita que vuelvas a conectar Erebor Bank");
        assertThat(fixture.get(withoutContact.url()).body())
                .contains("<html lang=\"en\">").contains("Relink needs you to reconnect Erebor Bank");
    }

    @Test
    void aTamperedOrForeignTokenGetsTheNotFoundPage() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        String token = broken.token();
        String tampered = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
        String unknownIncident = repairTokens.issue(UUID.randomUUID().toString(), Instant.now().plusSeconds(3600));

        for (String bad : new String[] {tampered, unknownIncident, "not-a-token"}) {
            RepairFixture.Answer page = fixture.get("/repair/" + bad);
            assertThat(page.status()).as(bad).isEqualTo(404);
            assertThat(page.body()).contains("This link does not work");
            assertRepairHeaders(page);
        }
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isZero();
    }

    @Test
    void anExpiredLinkGets410AndSaysHowToGetANewOne() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        String expired = repairTokens.issue(broken.incident().id(), Instant.now().minusSeconds(1));

        RepairFixture.Answer page = fixture.get("/repair/" + expired, "Accept-Language", "es");

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("Este enlace ha caducado").contains("próximo recordatorio")
                .contains("abre la app");
        assertRepairHeaders(page);
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isZero();
    }

    @Test
    void aResolvedIncidentShowsAlreadyFixedWithoutMintingAToken() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        incidents.resolve(broken.incident().id(), "fixed in the app");

        RepairFixture.Answer page = fixture.get(broken.url());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Your bank connection is already fixed").doesNotContain("data-access");
        assertRepairHeaders(page);
        assertThat(fixture.widgetTokensMintedFor(broken.linkId())).isZero();
    }

    @Test
    void otherPathsKeepTheirOwnHeaders() throws Exception {
        RepairFixture.Answer health = fixture.get("/actuator/health");

        assertThat(health.header("Content-Security-Policy")).isNull();
        assertThat(health.header("Referrer-Policy")).isNull();
    }

    static void assertRepairHeaders(RepairFixture.Answer page) {
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'")
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .contains("form-action 'self'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.body()).doesNotContain("Exception").doesNotContain("at dev.relink");
    }

    private static String access(RepairFixture.Answer page) {
        Matcher matcher = ACCESS.matcher(page.body());
        assertThat(matcher.find()).as("the page carries a widget access token").isTrue();
        return matcher.group(1);
    }
}
