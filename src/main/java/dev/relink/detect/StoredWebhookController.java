package dev.relink.detect;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.Paging;
import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/webhooks}: every webhook Belvo sent, newest first, with what became of it (done,
 * ignored, failed, pending), so nothing that was accepted is only visible in the database.
 */
@RestController
@RequestMapping("/api/webhooks")
class StoredWebhookController {

    private final StoredWebhooks webhooks;

    StoredWebhookController(StoredWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    record Page(List<StoredWebhooks.StoredWebhook> items, int page, int size, long total) {
    }

    @GetMapping
    Page list(@RequestParam Map<String, String> params) {
        StoredWebhooks.Filter filter = StoredWebhooks.Filter.from(params);
        Paging paging = Paging.of(params.get("page"), params.get("size"), 50, 500);
        return new Page(webhooks.page(filter, paging), paging.page(), paging.size(), webhooks.count(filter));
    }

    @GetMapping("/{id}")
    StoredWebhooks.StoredWebhook get(@PathVariable long id) {
        return webhooks.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "webhook-not-found",
                        "No stored webhook has id " + id + ". List them with GET /api/webhooks."), null));
    }
}
