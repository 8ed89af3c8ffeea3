package dev.relink.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;

/**
 * Sends a webhook the way Belvo does: its envelope ({@code webhook_id}, {@code webhook_type},
 * {@code process_type}, {@code webhook_code}, {@code link_id}, {@code request_id}, {@code external_id},
 * {@code data}) POSTed as JSON with the {@code Authorization} value configured for Relink.
 * A LINK event also moves the emulated link to the status it reports, so Relink's re-check agrees; a
 * CONSENT expiry event expires the link's consent, and CONSENT events get their {@code data} from it.
 */
@Component
@SandboxEnabled
class SandboxWebhooks {

    private final SandboxLinks links;
    private final SandboxConsents consents;
    private final ObjectMapper json;
    private final Clock clock;
    private final String authorization;
    static final String ABOUT_TO_EXPIRE = "openfinance_consent_about_to_expire";
    /** Both spellings Belvo's docs use for the same event. */
    static final Set<String> CONSENT_EXPIRED = Set.of("openfinance_consent_expired", "consent_expired");
    private static final DateTimeFormatter DUE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Delivery(String url, int status, String responseBody, Map<String, Object> webhook) {
    }

    SandboxWebhooks(SandboxLinks links, SandboxConsents consents, ObjectMapper json, Clock clock,
            @Value("${relink.webhooks.authorization:}") String authorization) {
        this.clock = clock;
        this.links = links;
        this.consents = consents;
        this.json = json;
        this.authorization = authorization;
    }

    Delivery send(URI url, String type, String code, String linkId, String webhookId, String processType,
            Map<String, Object> data, String iconBase, boolean applyStatus) throws IOException, InterruptedException {
        SandboxLink link = links.find(linkId).orElse(null);
        if (applyStatus && link != null && "LINK".equals(type)) {
            reportedStatus(code).ifPresent(link::status);
        }
        Optional<SandboxConsent> consent = "CONSENT".equals(type) ? consents.forLink(linkId) : Optional.empty();
        if (applyStatus && consent.isPresent() && CONSENT_EXPIRED.contains(code)) {
            consent.get().expire(clock.instant());
        }
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("webhook_id", webhookId == null ? SandboxError.hex32() : webhookId);
        webhook.put("webhook_type", type);
        webhook.put("process_type", processType != null ? processType
                : "LINK".equals(type) || "CONSENT".equals(type) ? "recurrent_update" : "historical_update");
        webhook.put("webhook_code", code);
        webhook.put("link_id", linkId);
        webhook.put("request_id", UUID.randomUUID().toString());
        webhook.put("external_id", link == null ? null : link.externalId());
        webhook.put("data", data != null ? data
                : consent.map(found -> consentData(found, code, iconBase)).orElseGet(() -> defaultData(type, code)));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(webhook)));
        if (!authorization.isBlank()) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Delivery(url.toString(), response.statusCode(), response.body(), webhook);
    }

    /** The consent webhook's {@code data} as Belvo's examples show it; only about_to_expire has a due date. */
    private static Map<String, Object> consentData(SandboxConsent consent, String code, String iconBase) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consent_id", consent.id());
        Instant due = consent.expiredAt();
        if (ABOUT_TO_EXPIRE.equals(code) && due != null) {
            data.put("consent_due_date", DUE_DATE.format(due));
        }
        data.put("action", "renew");
        data.put("institution", SandboxOfda.INSTITUTION);
        data.put("institution_display_name", SandboxOfda.DISPLAY_NAME);
        data.put("institution_icon_logo", iconBase + SandboxOfda.ICON_PATH);
        return data;
    }

    private static Optional<String> reportedStatus(String code) {
        return switch (code) {
            case "invalid_credentials" -> Optional.of(Link.INVALID);
            case "token_required" -> Optional.of(Link.TOKEN_REQUIRED);
            default -> Optional.empty();
        };
    }

    /** The {@code data} Belvo's docs show for the common events (the token_required one is modelled on invalid_credentials). */
    private static Map<String, Object> defaultData(String type, String code) {
        return switch (type + "/" + code) {
            case "LINK/invalid_credentials" -> Map.of("error_code", "login_error",
                    "error_message", "Invalid credentials provided to login to the institution", "status", 400);
            case "LINK/token_required" -> Map.of("error_code", "token_required",
                    "error_message", "A MFA token is required by the institution to login", "status", 428);
            case "ACCOUNTS/historical_update" -> Map.of("total_accounts", 2);
            case "TRANSACTIONS/historical_update" -> Map.of("total_transactions", 19,
                    "total_inflow_transactions", 10, "total_outflow_transactions", 9,
                    "first_transaction_date", "2023-01-03", "last_transaction_date", "2024-01-03");
            default -> Map.of();
        };
    }
}
