package dev.relink.bounce;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.Filters;
import dev.relink.web.Paging;
import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/email-feedback}: every bounce, complaint and delivery notification that came in, newest
 * first, with what Relink made of it ({@code ?outcome=unknown}: the shapes it does not read, whose payload
 * {@code GET /api/email-feedback/{id}} shows as it came).
 */
@RestController
@RequestMapping("/api/email-feedback")
class FeedbackController {

    private final FeedbackLog log;

    FeedbackController(FeedbackLog log) {
        this.log = log;
    }

    record Page(List<FeedbackLog.Entry> items, int page, int size, long total) {
    }

    @GetMapping
    Page list(@RequestParam Map<String, String> params) {
        String outcome = Filters.oneOf("outcome", params.get("outcome"), FeedbackLog.OUTCOMES);
        Paging paging = Paging.of(params.get("page"), params.get("size"), 50, 500);
        return new Page(log.page(outcome, paging), paging.page(), paging.size(), log.count(outcome));
    }

    @GetMapping("/{id}")
    FeedbackLog.Entry get(@PathVariable long id) {
        return log.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "email-feedback-not-found",
                        "No email feedback has id " + id + ". List them with GET /api/email-feedback."), null));
    }
}
