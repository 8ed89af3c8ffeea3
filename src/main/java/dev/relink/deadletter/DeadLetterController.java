package dev.relink.deadletter;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/** The ops API over dead letters (behind the admin API key, like all of {@code /api/**}). */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    private static final Set<String> STATUSES = Set.of(DeadLetter.PENDING, DeadLetter.REPLAYING, DeadLetter.REPLAYED);
    private static final int MAX_SIZE = 200;

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** One line of the list: what failed where, without body and headers. */
    record Summary(long id, String route, String endpoint, String status, int attempts, String exceptionClass,
            String exceptionMessage, Instant firstFailedAt, Instant lastFailedAt, String replayOutcome,
            Instant replayedAt, URI replay) {

        static Summary of(DeadLetter letter) {
            return new Summary(letter.id(), letter.routeId(), letter.endpoint(), letter.status(), letter.attempts(),
                    letter.exceptionClass(), letter.exceptionMessage(), letter.firstFailedAt(), letter.lastFailedAt(),
                    letter.replayOutcome(), letter.replayedAt(), URI.create("/api/dead-letters/" + letter.id() + "/replay"));
        }
    }

    record Page(List<Summary> items, int page, int size, long total) {
    }

    /** A dead letter with the message it will replay. */
    record Detail(Summary deadLetter, String bodyType, String body, Map<String, Object> headers) {
    }

    @GetMapping
    Page list(@RequestParam(required = false) String route, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw problem(HttpStatus.BAD_REQUEST, "bad-request", "page must be 0 or more (the first page is 0).");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw problem(HttpStatus.BAD_REQUEST, "bad-request", "size must be between 1 and " + MAX_SIZE + ".");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw problem(HttpStatus.BAD_REQUEST, "bad-request", "status must be one of pending, replaying, replayed.");
        }
        List<Summary> items = deadLetters.page(route, status, page, size).stream().map(Summary::of).toList();
        return new Page(items, page, size, deadLetters.count(route, status));
    }

    @GetMapping("/{id}")
    Detail get(@PathVariable long id) {
        DeadLetter letter = deadLetters.find(id).orElseThrow(() -> notFound(id));
        return new Detail(Summary.of(letter), letter.bodyType(), letter.body(), deadLetters.headers(letter));
    }

    @PostMapping("/{id}/replay")
    Summary replay(@PathVariable long id) {
        try {
            return Summary.of(deadLetters.replay(id));
        } catch (ReplayRefused refused) {
            throw refused.reason() == ReplayRefused.Reason.NOT_FOUND ? notFound(id)
                    : problem(HttpStatus.CONFLICT, "replay-refused", refused.getMessage());
        }
    }

    @PostMapping("/replay")
    DeadLetters.ReplayCounts replayAll(@RequestParam(required = false) String route) {
        return deadLetters.replayAll(route);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!deadLetters.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ErrorResponseException notFound(long id) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No dead letter " + id + ".");
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String detail) {
        return new ErrorResponseException(status, ProblemResponses.problem(status, type, detail), null);
    }
}
