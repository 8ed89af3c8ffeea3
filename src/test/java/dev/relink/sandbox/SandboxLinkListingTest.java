package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

class SandboxLinkListingTest extends SandboxApiTest {

    /** Leave the shared emulator as it started: later test classes poll it and must not see 2,500 extra links. */
    @AfterAll
    static void backToDemoState(@Value("${local.server.port}") int port) {
        new SandboxHttp(port, null, null).post("/sandbox/admin/reset", Map.of());
    }

    @Test
    void pagesThrough2500LinksWithStatusInFollowingAbsoluteNextUrls() {
        admin.post("/sandbox/admin/reset", Map.of());
        seed(1_000, "erebor_mx_retail", "invalid", "bulk-invalid");
        seed(700, "heimdall_mx_retail", "token_required", "bulk-mfa");
        seed(800, "erebor_mx_retail", "valid", "bulk-valid");
        int demoBroken = 6;

        long started = System.nanoTime();
        String next = "/sandbox/api/links/?status__in=invalid,token_required&page_size=1000";
        Set<String> ids = new HashSet<>();
        List<JsonNode> pages = new ArrayList<>();
        while (next != null) {
            SandboxHttp.Answer answer = belvo.get(next);
            assertThat(answer.status()).as(next).isEqualTo(200);
            JsonNode page = answer.json();
            pages.add(page);
            page.get("results").forEach(link -> {
                assertThat(link.get("status").asText()).isIn("invalid", "token_required");
                ids.add(link.get("id").asText());
            });
            next = page.get("next").isNull() ? null : page.get("next").asText();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(ids).hasSize(1_700 + demoBroken);
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).get("count").asInt()).isEqualTo(1_706);
        assertThat(pages.get(0).get("results")).hasSize(1_000);
        assertThat(pages.get(0).get("previous").isNull()).isTrue();
        assertThat(pages.get(0).get("next").asText()).isEqualTo("http://localhost:" + port
                + "/sandbox/api/links/?page=2&page_size=1000&status__in=invalid%2Ctoken_required");
        assertThat(pages.get(1).get("results")).hasSize(706);
        assertThat(pages.get(1).get("next").isNull()).isTrue();
        assertThat(pages.get(1).get("previous").asText()).isEqualTo("http://localhost:" + port
                + "/sandbox/api/links/?page_size=1000&status__in=invalid%2Ctoken_required");
        assertThat(millis).as("paging 1,706 of 2,510 links").isLessThan(5_000);

        JsonNode defaultPage = belvo.get("/sandbox/api/links/").json();
        assertThat(defaultPage.get("count").asInt()).isEqualTo(2_510);
        assertThat(defaultPage.get("results")).hasSize(100);

        JsonNode clamped = belvo.get("/sandbox/api/links/?page_size=5000").json();
        assertThat(clamped.get("results")).hasSize(1_000);
        assertThat(clamped.get("next").asText()).endsWith("/sandbox/api/links/?page=2&page_size=5000");

        assertThat(belvo.get("/sandbox/api/links/?page=4&page_size=1000").error().get("code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void eachFilterNarrowsTheListing() {
        seed(3, "erebor_mx_retail", "invalid", "filter-a");
        seed(2, "heimdall_mx_retail", "valid", "filter-b");
        String id = seed(1, "heimdall_mx_retail", "unconfirmed", "filter-c").get(0);

        assertThat(ids("?external_id=filter-a-2")).hasSize(1);
        assertThat(ids("?external_id=filter-c-1")).containsExactly(id);
        assertThat(statuses("?status=unconfirmed")).containsOnly("unconfirmed").isNotEmpty();
        assertThat(statuses("?status__in=valid,unconfirmed")).contains("valid", "unconfirmed")
                .doesNotContain("invalid", "token_required");
        assertThat(belvo.get("/sandbox/api/links/?institution=heimdall_mx_retail&page_size=1000").json().get("results"))
                .allSatisfy(link -> assertThat(link.get("institution").asText()).isEqualTo("heimdall_mx_retail"));
        assertThat(ids("?institution=erebor_mx_retail&external_id=filter-b-1")).isEmpty();
        assertThat(ids("?institution=heimdall_mx_retail&external_id=filter-b-1")).hasSize(1);

        JsonNode badStatus = belvo.get("/sandbox/api/links/?status=broken").error();
        assertThat(badStatus.get("code").asText()).isEqualTo("invalid_choice");
        assertThat(badStatus.get("field").asText()).isEqualTo("status");
    }

    @Test
    void linksCarryEveryFieldOfBelvosLinkSchema() {
        String id = seed(1, "heimdall_mx_retail", "token_required", "schema").get(0);
        JsonNode link = belvo.get("/sandbox/api/links/" + id + "/").json();
        List<String> fields = new ArrayList<>();
        link.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "institution", "access_mode", "last_accessed_at", "created_at",
                "external_id", "institution_user_id", "status", "created_by", "refresh_rate", "credentials_storage",
                "fetch_resources", "stale_in");
        assertThat(link.get("institution_user_id").asText()).matches("[A-Za-z0-9\\-=_]{44}");
        assertThat(link.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(link.get("status").asText()).isEqualTo("token_required");
        assertThat(link.get("external_id").asText()).isEqualTo("schema-1");
    }

    @Test
    void dataRetrievalSettingsChangeAndDeletedLinksAreGone() {
        String id = seed(1, "erebor_mx_retail", "valid", "settings").get(0);
        SandboxHttp.Answer single = belvo.patch("/sandbox/api/links/" + id + "/",
                Map.of("access_mode", "single", "stale_in", "30d", "fetch_resources", List.of("ACCOUNTS")));
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.json().get("access_mode").asText()).isEqualTo("single");
        assertThat(single.json().get("refresh_rate").isNull()).isTrue();
        assertThat(single.json().get("stale_in").asText()).isEqualTo("30d");
        assertThat(single.json().get("fetch_resources")).extracting(JsonNode::asText).containsExactly("ACCOUNTS");
        assertThat(belvo.patch("/sandbox/api/links/" + id + "/", Map.of("stale_in", "forever")).error()
                .get("field").asText()).isEqualTo("stale_in");
        assertThat(ids("?access_mode=single&external_id=settings-1")).containsExactly(id);

        SandboxHttp.Answer deleted = belvo.send("DELETE", "/sandbox/api/links/" + id + "/", null, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(belvo.get("/sandbox/api/links/" + id + "/").status()).isEqualTo(404);
        assertThat(ids("?external_id=settings-1")).isEmpty();
    }

    @Test
    void idInAnswersTheAskedLinksCommaSeparatedAndRefusesAnIdThatIsNotAUuid() {
        List<String> seeded = seed(150, "erebor_mx_retail", "invalid", "id-in");
        String unknown = UUID.randomUUID().toString();
        List<String> hundred = new ArrayList<>(seeded.subList(0, 99));
        hundred.add(unknown);

        JsonNode page = belvo.get("/sandbox/api/links/?page_size=100&id__in=" + String.join(",", hundred)).json();

        assertThat(page.get("count").asInt()).as("the unknown id is left out").isEqualTo(99);
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(page.get("results")).extracting(link -> link.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(seeded.subList(0, 99));
        // Belvo's spec sets no maximum: all 150 in one request; a UUID in upper case is the same UUID
        assertThat(ids("?page_size=1000&id__in=" + String.join(",", seeded))).hasSize(150);
        assertThat(ids("?id__in=" + seeded.get(0).toUpperCase(Locale.ROOT) + "," + unknown))
                .containsExactly(seeded.get(0));
        assertThat(ids("?id=" + seeded.get(1))).containsExactly(seeded.get(1));

        for (String query : List.of("?id__in=" + seeded.get(0) + ",not-a-uuid", "?id=not-a-uuid")) {
            SandboxHttp.Answer refused = belvo.get("/sandbox/api/links/" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            JsonNode error = refused.error();
            assertThat(error.get("code").asText()).isEqualTo("invalid");
            assertThat(error.get("message").asText()).isEqualTo("Enter a valid UUID.");
            assertThat(error.get("field").asText()).isEqualTo(query.startsWith("?id__in") ? "id__in" : "id");
        }
    }

    @Test
    void badPageSizeIsBelvosValidationErrorNotA500() {
        for (String bad : new String[] {"abc", "0", "-3", "1.5"}) {
            SandboxHttp.Answer answer = belvo.get("/sandbox/api/links/?page_size=" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            JsonNode error = answer.error();
            assertThat(error.get("code").asText()).as(bad).isIn("invalid", "min_value");
            assertThat(error.get("field").asText()).isEqualTo("page_size");
            assertThat(error.get("request_id").asText()).matches("[0-9a-f]{32}");
        }
        assertThat(belvo.get("/sandbox/api/links/?page=zero").status()).isEqualTo(404);
    }

    private List<String> seed(int count, String institution, String status, String prefix) {
        SandboxHttp.Answer answer = admin.post("/sandbox/admin/links", Map.of("count", count,
                "institution", institution, "status", status, "external_id_prefix", prefix));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        answer.json().get("ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private List<String> ids(String query) {
        List<String> ids = new ArrayList<>();
        belvo.get("/sandbox/api/links/" + query).json().get("results").forEach(link -> ids.add(link.get("id").asText()));
        return ids;
    }

    private Set<String> statuses(String query) {
        Set<String> statuses = new HashSet<>();
        belvo.get("/sandbox/api/links/" + query + "&page_size=1000").json().get("results")
                .forEach(link -> statuses.add(link.get("status").asText()));
        return statuses;
    }
}
