package dev.relink.consent;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code PUT|GET|DELETE /api/contacts/{externalId}/identity}: the contact's CPF and full name
 * ({@code {"cpf": "123.456.789-09", "full_name": "Maria Silva"}}), which My Belvo Portal tokens need.
 * Answers show the CPF masked; nothing here logs it. API key required, as for contacts.
 */
@RestController
class IdentityController {

    private final IdentityStore identities;

    IdentityController(IdentityStore identities) {
        this.identities = identities;
    }

    @PutMapping(path = "/api/contacts/{externalId}/identity", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> put(@PathVariable String externalId, @RequestBody(required = false) Map<String, Object> body) {
        Object cpfField = body == null ? null : body.get("cpf");
        Object nameField = body == null ? null : body.get("full_name");
        String cpf = cpfField instanceof String text ? Identity.validCpf(text) : null;
        if (cpf == null || !(nameField instanceof String name) || name.isBlank() || name.length() > 256) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-identity", "Send {\"cpf\": \"123.456.789-09\", "
                    + "\"full_name\": \"Maria Silva\"}: a valid CPF (11 digits, check digits right) and a full name of"
                    + " up to 256 characters.");
        }
        if (!identities.save(externalId, cpf, name.trim())) {
            return notFound(externalId);
        }
        return ResponseEntity.ok(identities.find(externalId).orElseThrow());
    }

    @GetMapping("/api/contacts/{externalId}/identity")
    ResponseEntity<?> get(@PathVariable String externalId) {
        return identities.find(externalId).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(externalId));
    }

    @DeleteMapping("/api/contacts/{externalId}/identity")
    ResponseEntity<?> delete(@PathVariable String externalId) {
        return identities.delete(externalId) ? ResponseEntity.noContent().build() : notFound(externalId);
    }

    private static ResponseEntity<?> notFound(String externalId) {
        return problem(HttpStatus.NOT_FOUND, "identity-not-found", "No contact identity for external id '" + externalId
                + "'. PUT /api/contacts/{externalId} first, then PUT its /identity.");
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(status, type, detail));
    }
}
