package dev.relink.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code DELETE /api/contacts/{externalId}} (admin API key): the app asks Relink to forget one of its users
 * (an erasure request, or the account closed). 204 when Relink held anything about them, the contact or
 * not (a contact found through the lookup URL is never stored, their incidents are); 404 when nothing.
 */
@RestController
class ErasureController {

    private final Erasure erasure;

    ErasureController(Erasure erasure) {
        this.erasure = erasure;
    }

    @DeleteMapping("/api/contacts/{externalId}")
    ResponseEntity<?> erase(@PathVariable String externalId) {
        if (erasure.erase(externalId).anything()) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemResponses.problem(HttpStatus.NOT_FOUND,
                "contact-not-found", "Relink holds nothing for external id '" + externalId + "'."));
    }
}
