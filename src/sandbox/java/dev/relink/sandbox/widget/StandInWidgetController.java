package dev.relink.sandbox.widget;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import dev.relink.belvo.BelvoProperties;
import dev.relink.sandbox.SandboxWidgetTokens;
import dev.relink.web.ProblemResponses;

/**
 * The server half of the local stand-in for Belvo's Connect widget
 * ({@code static/sandbox/widget/belvo-widget-standin.js}), local profile only. The browser holds
 * only the widget access token, as with the real widget; this controller finds the link that token
 * was minted for and talks to the emulator's Belvo API with the secret keys, which never reach the
 * browser. The fix itself is Belvo's own {@code PUT /api/links/{id}/} (MFA token or new password).
 */
@RestController
@ConditionalOnProperty(prefix = "relink.sandbox", name = "enabled", havingValue = "true")
@RequestMapping("/sandbox/widget/session")
class StandInWidgetController {

    private static final String BEARER = "Bearer ";

    private final SandboxWidgetTokens tokens;
    private final RestClient belvo;

    StandInWidgetController(SandboxWidgetTokens tokens, BelvoProperties properties, RestClient.Builder http) {
        this.tokens = tokens;
        String basic = Base64.getEncoder().encodeToString((properties.secretId() + ":" + properties.secretPassword())
                .getBytes(StandardCharsets.UTF_8));
        this.belvo = http.baseUrl(properties.baseUrl().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Basic " + basic).build();
    }

    /** What the widget should ask for: {@code token} (MFA) for token_required links, else a new {@code password}. */
    @GetMapping
    ResponseEntity<?> session(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Optional<String> linkId = linkFor(authorization);
        if (linkId.isEmpty()) {
            return unknownToken();
        }
        return forward(() -> belvo.get().uri("/api/links/{id}/", linkId.get()).retrieve().body(JsonNode.class));
    }

    /** The user's answer, as Belvo's PUT body: {@code {"token": "111111"}} or {@code {"password": "..."}}. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> submit(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody Map<String, String> answer) {
        Optional<String> linkId = linkFor(authorization);
        if (linkId.isEmpty()) {
            return unknownToken();
        }
        Map<String, String> body = new LinkedHashMap<>();
        if (answer.get("token") != null) {
            body.put("token", answer.get("token"));
        }
        if (answer.get("password") != null) {
            body.put("password", answer.get("password"));
        }
        return forward(() -> belvo.put().uri("/api/links/{id}/", linkId.get()).contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().body(JsonNode.class));
    }

    private Optional<String> linkFor(String authorization) {
        return authorization != null && authorization.startsWith(BEARER)
                ? tokens.linkIdFor(authorization.substring(BEARER.length()))
                : Optional.empty();
    }

    /** The link as the emulator answers it, or the emulator's own error (e.g. 428 for a wrong MFA code). */
    private static ResponseEntity<?> forward(Supplier<JsonNode> call) {
        try {
            JsonNode link = call.get();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("link_id", link.path("id").asText());
            view.put("institution", link.path("institution").asText());
            view.put("status", link.path("status").asText());
            view.put("asks", "token_required".equals(link.path("status").asText()) ? "token" : "password");
            return ResponseEntity.ok(view);
        } catch (RestClientResponseException refused) {
            return ResponseEntity.status(refused.getStatusCode()).contentType(MediaType.APPLICATION_JSON)
                    .body(refused.getResponseBodyAsString());
        }
    }

    private static ResponseEntity<ProblemDetail> unknownToken() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "widget-token-unknown",
                        "Send a live widget access token as 'Authorization: Bearer <access>'."));
    }
}
