package dev.relink.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.relink.belvo.Link;

/**
 * Levers for tests and demos, local profile only (JSON in and out, errors as problem+json): seed
 * links (an OFDA bank's with a consent: {@code consent_duration_days}, absent for no expiry, and
 * {@code document_number}), set a link's status, add banks with generated names, take an institution down (and back), send a Belvo-shaped webhook, expire MFA sessions, count widget tokens,
 * reset. Not part of Belvo's API, so it is not under {@code /sandbox/api} and needs no keys.
 */
@RestController
@SandboxEnabled
@RequestMapping("/sandbox/admin")
class SandboxAdminController {

    private final SandboxLinks links;
    private final SandboxBank bank;
    private final SandboxWidgetTokens tokens;
    private final SandboxWebhooks webhooks;
    private final SandboxDemo demo;
    private final SandboxConsents consents;
    private final SandboxInstitutions institutions;

    SandboxAdminController(SandboxLinks links, SandboxBank bank, SandboxWidgetTokens tokens, SandboxWebhooks webhooks,
            SandboxDemo demo, SandboxConsents consents, SandboxInstitutions institutions) {
        this.consents = consents;
        this.institutions = institutions;
        this.links = links;
        this.bank = bank;
        this.tokens = tokens;
        this.webhooks = webhooks;
        this.demo = demo;
    }

    record Seed(@Min(1) @Max(100_000) Integer count, String institution, String status,
            @JsonProperty("external_id") String externalId,
            @JsonProperty("external_id_prefix") String externalIdPrefix,
            @JsonProperty("access_mode") String accessMode,
            @JsonProperty("consent_duration_days") @Min(1) Integer consentDurationDays,
            @JsonProperty("document_number") String documentNumber) {
    }

    record Status(@NotBlank String status) {
    }

    record NewInstitutions(@Min(1) @Max(1_000) Integer count) {
    }

    record Webhook(@NotBlank @JsonProperty("webhook_type") String type, @NotBlank @JsonProperty("webhook_code") String code,
            @NotBlank @JsonProperty("link_id") String linkId, @JsonProperty("webhook_id") String webhookId,
            @JsonProperty("process_type") String processType, String url, Map<String, Object> data,
            @JsonProperty("apply_status") Boolean applyStatus) {
    }

    /** {@code count} links (default 1) at one bank and status; external ids exact or {@code prefix-1..N}. */
    @PostMapping("/links")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> seed(@Valid @RequestBody Seed seed) {
        String institution = seed.institution() == null ? SandboxBank.EREBOR : seed.institution();
        String status = seed.status() == null ? Link.VALID : seed.status();
        int count = seed.count() == null ? 1 : seed.count();
        requireInstitution(institution);
        requireOneOf("status", status, SandboxLink.STATUSES);
        if (seed.accessMode() != null) {
            requireOneOf("access_mode", seed.accessMode(), SandboxLink.ACCESS_MODES);
        }
        List<String> ids = new ArrayList<>(count);
        List<String> consentIds = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = UUID.randomUUID().toString();
            String externalId = seed.externalIdPrefix() != null ? seed.externalIdPrefix() + "-" + i : seed.externalId();
            links.create(id, institution, id, externalId, status, seed.accessMode(), null, null);
            ids.add(id);
            if (SandboxOfda.INSTITUTION.equals(institution)) {
                consentIds.add(consents.create(id, seed.documentNumber(), seed.consentDurationDays()).id());
            }
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("count", count);
        created.put("ids", ids);
        if (!consentIds.isEmpty()) {
            created.put("consent_ids", consentIds);
        }
        return created;
    }

    @PostMapping("/links/{id}/status")
    Map<String, Object> status(@PathVariable String id, @Valid @RequestBody Status status) {
        requireOneOf("status", status.status(), SandboxLink.STATUSES);
        SandboxLink link = link(id);
        link.status(status.status());
        return link.toJson();
    }

    /** {@code count} new banks (default 1) with generated names, each healthy, its links answering as erebor's. */
    @PostMapping("/institutions")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> addInstitutions(@Valid @RequestBody NewInstitutions request) {
        return Map.of("names", institutions.add(request.count() == null ? 1 : request.count()));
    }

    /** A bank outage: Belvo reports the institution {@code down}, or {@code healthy} again. */
    @PostMapping("/institutions/{name}/status")
    Map<String, Object> institutionStatus(@PathVariable String name, @Valid @RequestBody Status status) {
        requireInstitution(name);
        requireOneOf("status", status.status(), SandboxInstitutions.STATUSES);
        institutions.status(name, status.status());
        return Map.of("name", name, "status", status.status());
    }

    /** Every link of the institution at once in this status: a bank outage breaking thousands of links. */
    @PostMapping("/institutions/{name}/links/status")
    Map<String, Object> institutionLinksStatus(@PathVariable String name, @Valid @RequestBody Status status) {
        requireInstitution(name);
        requireOneOf("status", status.status(), SandboxLink.STATUSES);
        List<SandboxLink> theirs = links.page(link -> name.equals(link.institution()), 0, Integer.MAX_VALUE).results();
        theirs.forEach(link -> link.status(status.status()));
        return Map.of("name", name, "status", status.status(), "links", theirs.size());
    }

    @GetMapping("/links/{id}/tokens")
    Map<String, Object> tokens(@PathVariable String id) {
        return Map.of("link_id", id, "minted", tokens.mintedFor(id));
    }

    /** Sends the webhook (default target: this app's {@code /webhooks/belvo}) and reports what the target answered. */
    @PostMapping("/webhooks")
    SandboxWebhooks.Delivery webhook(@Valid @RequestBody Webhook webhook) throws InterruptedException {
        URI url = webhook.url() != null ? target(webhook.url())
                : URI.create(ServletUriComponentsBuilder.fromCurrentContextPath().path("/webhooks/belvo").toUriString());
        try {
            return webhooks.send(url, webhook.type(), webhook.code(), webhook.linkId(), webhook.webhookId(),
                    webhook.processType(), webhook.data(), ServletUriComponentsBuilder.fromCurrentContextPath().toUriString(),
                    webhook.applyStatus() == null || webhook.applyStatus());
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                    "Could not deliver the webhook to " + url + ": " + e.getMessage());
        }
    }

    private static URI target(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below, as any other unusable url
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "url must be an absolute http(s) URL, not '" + url + "'.");
    }

    @PostMapping("/sessions/expire")
    Map<String, Object> expireSessions() {
        return Map.of("expired", bank.expireSessions());
    }

    @PostMapping("/reset")
    Map<String, Object> reset() {
        return Map.of("links", demo.reset());
    }

    private SandboxLink link(String id) {
        return links.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No sandbox link " + id + "."));
    }

    private void requireInstitution(String name) {
        requireOneOf("institution", name, institutions.names());
    }

    private static void requireOneOf(String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    field + " must be one of " + new TreeSet<>(allowed) + ", not '" + value + "'.");
        }
    }
}
