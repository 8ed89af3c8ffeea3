package dev.relink.institution;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/institution-holds} (the open holds, oldest first), {@code GET /api/institution-holds/{institution}},
 * and the two ways ops end one: {@code POST .../release} (the held incidents go to prompting) and
 * {@code POST .../close-bank-side} (they close as bank_side, nobody is prompted). Each answers the hold
 * as it was when it ended; 404 problem+json when the institution is not on hold. The API key guards all.
 */
@RestController
@RequestMapping("/api/institution-holds")
class InstitutionHoldController {

    private final InstitutionHolds holds;

    InstitutionHoldController(InstitutionHolds holds) {
        this.holds = holds;
    }

    record Holds(List<HoldView> items) {
    }

    @GetMapping
    Holds list() {
        return new Holds(holds.open());
    }

    @GetMapping("/{institution}")
    HoldView get(@PathVariable String institution) {
        return found(institution, holds.open(institution));
    }

    @PostMapping("/{institution}/release")
    HoldView release(@PathVariable String institution) {
        return found(institution, holds.release(institution));
    }

    @PostMapping("/{institution}/close-bank-side")
    HoldView closeBankSide(@PathVariable String institution) {
        return found(institution, holds.closeBankSide(institution));
    }

    private static HoldView found(String institution, Optional<HoldView> hold) {
        return hold.orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemResponses.problem(
                HttpStatus.NOT_FOUND, "hold-not-found", "Institution '" + institution + "' is not on hold. "
                        + "List the holds with GET /api/institution-holds."), null));
    }
}
