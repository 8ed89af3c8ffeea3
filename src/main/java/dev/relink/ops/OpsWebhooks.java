package dev.relink.ops;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.relink.detect.StoredWebhooks;
import dev.relink.web.Paging;

/** {@code /ops/webhooks}: every webhook Belvo sent, what became of it, and its payload as Belvo sent it. */
@Controller
class OpsWebhooks {

    static final int PAGE_SIZE = 25;

    record Line(long id, String webhookId, String type, String code, String linkId, String receivedAt, String status,
            String outcome, int attempts, String error, boolean failed) {

        static Line of(StoredWebhooks.StoredWebhook webhook) {
            return new Line(webhook.id(), OpsViews.text(webhook.webhookId()), OpsViews.text(webhook.webhookType()),
                    OpsViews.text(webhook.webhookCode()), OpsViews.text(webhook.linkId()),
                    OpsViews.time(webhook.receivedAt()), webhook.status(), OpsViews.text(webhook.outcome()),
                    webhook.attempts(), OpsViews.text(webhook.error()), "failed".equals(webhook.status()));
        }
    }

    private final StoredWebhooks webhooks;

    OpsWebhooks(StoredWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping("/ops/webhooks")
    String list(@RequestParam Map<String, String> params, Model model) {
        StoredWebhooks.Filter filter = StoredWebhooks.Filter.from(params);
        Paging paging = Paging.of(params.get("page"), params.get("size"), PAGE_SIZE, 500);
        model.addAttribute("webhooks", webhooks.page(filter, paging).stream().map(Line::of).toList());
        model.addAttribute("pager", OpsViews.pager("/ops/webhooks", params, paging.page(), paging.size(),
                webhooks.count(filter)));
        model.addAttribute("statuses", OpsViews.options(StoredWebhooks.STATUSES, filter.status()));
        model.addAttribute("type", OpsViews.text(filter.type()));
        model.addAttribute("code", OpsViews.text(filter.code()));
        model.addAttribute("linkId", OpsViews.text(filter.linkId()));
        model.addAttribute("nav", OpsViews.Nav.of("webhooks"));
        return "ops/webhooks";
    }

    @GetMapping("/ops/webhooks/{id}")
    String webhook(@PathVariable long id, Model model) {
        StoredWebhooks.StoredWebhook webhook = webhooks.find(id).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No stored webhook " + id));
        model.addAttribute("webhook", Line.of(webhook));
        model.addAttribute("payload", OpsViews.text(webhook.payload()));
        model.addAttribute("nav", OpsViews.Nav.of("webhooks"));
        return "ops/webhook";
    }
}
