package dev.relink.consent;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/incidents/{id}/consent}: the OFDA consent a consent incident is about (consent id,
 * due date, institution and its display name and logo, as Belvo's webhook named them). API key required.
 */
@RestController
class ConsentController {

    private final ConsentStore store;

    ConsentController(ConsentStore store) {
        this.store = store;
    }

    @GetMapping("/api/incidents/{id}/consent")
    ConsentNotice consent(@PathVariable String id) {
        return store.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "consent-not-found",
                        "Incident '" + id + "' is not about an Open Finance consent (or does not exist)."), null));
    }
}
