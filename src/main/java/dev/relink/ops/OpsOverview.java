package dev.relink.ops;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.relink.deadletter.DeadLetters;
import dev.relink.detect.WebhookInbox;
import dev.relink.incident.IncidentFunnel;
import dev.relink.incident.IncidentSearch;
import dev.relink.incident.RecheckDue;

/**
 * {@code /ops}: what needs a look, on one page: open incidents by state and reason, those waiting past
 * their re-check's due time, the repair funnel of the last two weeks, pending dead letters per route,
 * the webhook inbox backlog and whether each route runs.
 */
@Controller
class OpsOverview {

    static final int FUNNEL_DAYS = 14;

    /** A Camel route, whether it runs, and how many of its messages wait as dead letters. */
    record RouteLine(String id, String status, boolean started, String from, long deadLetters) {
    }

    record DeadLetterLine(String route, long pending) {
    }

    private final IncidentSearch incidents;
    private final IncidentFunnel funnel;
    private final RecheckDue recheckDue;
    private final DeadLetters deadLetters;
    private final WebhookInbox inbox;
    private final CamelContext camel;
    private final Clock clock;

    OpsOverview(IncidentSearch incidents, IncidentFunnel funnel, RecheckDue recheckDue, DeadLetters deadLetters,
            WebhookInbox inbox, CamelContext camel, Clock clock) {
        this.incidents = incidents;
        this.funnel = funnel;
        this.recheckDue = recheckDue;
        this.deadLetters = deadLetters;
        this.inbox = inbox;
        this.camel = camel;
        this.clock = clock;
    }

    @GetMapping("/ops")
    String overview(Model model) {
        List<IncidentSearch.OpenCount> open = incidents.openCounts();
        model.addAttribute("open", open);
        model.addAttribute("anyOpen", !open.isEmpty());
        model.addAttribute("openTotal", open.stream().mapToLong(IncidentSearch.OpenCount::count).sum());
        model.addAttribute("overdue", recheckDue.overdue());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = today.minusDays(FUNNEL_DAYS - 1);
        model.addAttribute("funnel", FunnelChart.of(funnel.byDay(first.atStartOfDay().atOffset(ZoneOffset.UTC)),
                first, today));
        Map<String, Long> pending = deadLetters.pendingByRoute();
        model.addAttribute("deadLetters", pending.entrySet().stream()
                .map(entry -> new DeadLetterLine(entry.getKey(), entry.getValue())).toList());
        model.addAttribute("anyDeadLetters", !pending.isEmpty());
        model.addAttribute("pendingTotal", pending.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("backlog", inbox.backlog());
        model.addAttribute("routes", camel.getRoutes().stream()
                .map(route -> {
                    ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
                    return new RouteLine(route.getRouteId(), String.valueOf(status).toLowerCase(),
                            status != null && status.isStarted(),
                            URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()),
                            pending.getOrDefault(route.getRouteId(), 0L));
                })
                .sorted(java.util.Comparator.comparing(RouteLine::id)).toList());
        model.addAttribute("nav", OpsViews.Nav.of("overview"));
        return "ops/overview";
    }
}
