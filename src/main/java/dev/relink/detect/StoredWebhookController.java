package dev.relink.detect;

import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * {@code GET /api/webhooks}: every webhook Belvo sent, newest first, with what became of it (done,
 * ignored, failed, pending), so nothing that was accepted is only visible in the database.
 */
@RestController
@RequestMapping("/api/webhooks")
class StoredWebhookController {

    static final Set<String> STATUSES = Set.of(WebhookInbox.PENDING, WebhookInbox.PROCESSING, WebhookInbox.DONE,
            WebhookInbox.IGNORED, WebhookInbox.FAILED);

    private final StoredWebhooks webhooks;

    StoredWebhookController(StoredWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    record Page(List<StoredWebhooks.StoredWebhook> items, int page, int size, long total) {
    }

    @GetMapping
    Page list(@RequestParam Map<String, String> params) {
        String status = Filters.oneOf("status", params.get("status"), STATUSES);
        String linkId = Filters.linkId(params.get("link_id"));
        Paging paging = Paging.of(params.get("page"), params.get("size"), 50, 500);
        StoredWebhooks.Filter filter = new StoredWebhooks.Filter(status, params.get("type"), params.get("code"),
                linkId);
        return new Page(webhooks.page(filter, paging), paging.page(), paging.size(), webhooks.count(filter));
    }

    @GetMapping("/{id}")
    StoredWebhooks.StoredWebhook get(@PathVariable long id) {
        return webhooks.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "webhook-not-found",
                        "No stored webhook has id " + id + ". List them with GET /api/webhooks."), null));
    }
}
