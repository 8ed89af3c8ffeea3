package dev.relink.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.belvo.WireMockBelvoTest;
import dev.relink.support.BelvoExamples;
import dev.relink.support.BelvoLinkListing;
import dev.relink.support.RelinkHttp;

/**
 * The Grafana dashboard in docker/ queries only metrics Relink really exports: the app runs one of
 * everything the dashboard watches (a webhook, a Belvo call retried, an incident prompted by email,
 * its repair page opened, the link repaired, a link_deleted webhook, a dead letter), then every metric
 * name in the dashboard's queries must be among the series {@code /actuator/prometheus} answers.
 */
class DashboardMetricsTest extends WireMockBelvoTest {

    static final Path DASHBOARD = Path.of("docker", "grafana", "dashboards", "relink.json");
    static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

    @Value("${local.server.port}")
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    GreenMail smtp;

    @Test
    void everyMetricTheDashboardQueriesIsOneRelinkExports() throws Exception {
        Set<String> queried = dashboardMetrics();
        assertThat(queried).as("the dashboard's metrics").contains("relink_webhooks_total", "relink_inbox_backlog",
                "relink_incidents_opened_total", "relink_repair_funnel_total", "relink_prompt_deliveries_total",
                "relink_dead_letters_pending", "relink_belvo_retries_total", "camel_exchanges_total",
                "relink_repair_time_to_repair_seconds_bucket");

        RelinkHttp relink = new RelinkHttp(port);
        String link = UUID.randomUUID().toString();
        String user = "dashboard-" + UUID.randomUUID();
        String linkPath = BELVO_BASE_PATH + "/api/links/" + link + "/";
        String detail = BelvoExamples.read("link-detail-token_required.json")
                .replace("30cb4806-6e00-48a4-91c9-ca55968576c8", link).replace("user-4001-primary", user);
        // Relink reads links in bulk (id__in), answered from the one-link stubs; the first read is refused
        // (a retry, counted), the next ones say the link needs a token
        wireMock.stubFor(BelvoLinkListing.stub(BELVO_BASE_PATH));
        wireMock.stubFor(get(linkPath).inScenario(link).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wireMock.stubFor(get(linkPath).inScenario(link).whenScenarioStateIs("up")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(detail)));
        wireMock.stubFor(post(urlPathEqualTo(BELVO_BASE_PATH + "/api/token/")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(BelvoExamples.read("token-response.json"))));
        relink.putContact(user, Map.of("email", user + "@example.com", "locale", "en"));

        webhook(relink, link, user, "token_required");
        JsonNode links = await().atMost(Duration.ofSeconds(30)).until(() -> RelinkHttp.JSON.readTree(relink.send(
                relink.api("/api/users/" + user + "/links-needing-update").GET()).body()).path("links"),
                found -> found.size() == 1 && !"open".equals(found.get(0).path("state").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(user + "@example.com").length,
                sent -> sent == 1);
        String repairUrl = links.get(0).path("repair_url").asText();
        assertThat(relink.send(relink.plain(repairUrl.substring(relink.base().length())).GET()).statusCode())
                .as("the repair page opens (funnel: opened)").isEqualTo(200);
        // the user repairs it in the widget: Belvo says valid from now on (time to repair)
        wireMock.stubFor(get(linkPath).inScenario(link).whenScenarioStateIs("repaired").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(detail.replace("\"token_required\"", "\"valid\""))));
        wireMock.setScenarioState(link, "repaired");
        assertThat(relink.send(relink.plain(repairUrl.substring(relink.base().length()) + "/events")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"success\",\"link\":\"" + link + "\"}")))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> relink.send(relink.api("/api/incidents?link_id=" + link).GET())
                .body(), incidents -> incidents.contains("\"state\":\"resolved\""));
        webhook(relink, link, user, "link_deleted");
        producer.sendBodyAndHeader("direct:test.belvo-flow", null, "linkId", "no-such-link-" + UUID.randomUUID());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exported(relink))
                .as("series at /actuator/prometheus").containsAll(queried));
    }

    private static void webhook(RelinkHttp relink, String link, String user, String code) throws Exception {
        String body = BelvoExamples.read("webhook-link-token_required.json")
                .replace("b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e", UUID.randomUUID().toString().replace("-", ""))
                .replace("\"token_required\",\n  \"link_id\"", "\"" + code + "\",\n  \"link_id\"")
                .replace("30cb4806-6e00-48a4-91c9-ca55968576c8", link).replace("user-4001-primary", user);
        assertThat(relink.send(relink.plain("/webhooks/belvo").header("Authorization", WEBHOOK_AUTHORIZATION)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)))
                .statusCode()).isEqualTo(202);
    }

    /** Metric names in the dashboard's PromQL: identifiers that are not functions, labels, keywords or strings. */
    static Set<String> dashboardMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : RelinkHttp.JSON.readTree(Files.readString(DASHBOARD)).findValues("expr")) {
            String query = expr.asText().replaceAll("\"[^\"]*\"", "").replaceAll("\\{[^}]*}", "")
                    .replaceAll("\\[[^]]*]", "")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
            Matcher identifier = IDENTIFIER.matcher(query);
            while (identifier.find()) {
                String rest = query.substring(identifier.end()).stripLeading();
                if (!rest.startsWith("(") && !KEYWORDS.contains(identifier.group())) {
                    names.add(identifier.group());
                }
            }
        }
        return names;
    }

    private static Set<String> exported(RelinkHttp relink) throws Exception {
        return relink.send(relink.scrape("/actuator/prometheus").GET()).body().lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }
}
