package dev.relink.ops;

import java.util.List;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.relink.channel.Deliveries;
import dev.relink.contact.Contact;
import dev.relink.contact.ContactStore;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentEvent;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.IncidentQuery;
import dev.relink.incident.IncidentSearch;
import dev.relink.incident.IncidentState;

/**
 * {@code /ops/incidents}: the incident list with the API's filters and paging, and one incident's
 * page with its timeline (why it was or was not prompted) and the prompts sent for it.
 */
@Controller
class OpsIncidents {

    static final int PAGE_SIZE = 25;

    record Line(String id, String linkId, String externalId, String institution, String state, String reason,
            int signals, String openedAt, String closedAt, boolean open) {

        static Line of(Incident incident) {
            return new Line(incident.id(), OpsViews.text(incident.linkId()), OpsViews.text(incident.externalId()),
                    OpsViews.text(incident.institution()), incident.state(), incident.reason(), incident.signalCount(),
                    OpsViews.time(incident.openedAt()), incident.isOpen() ? null : OpsViews.time(incident.closedAt()),
                    incident.isOpen());
        }
    }

    /** A timeline line; source, webhook and request ids may be null (the template shows them only when set). */
    record Event(String at, String type, String source, String detail, String webhookId, String requestId) {

        static Event of(IncidentEvent event) {
            return new Event(OpsViews.time(event.at()), event.type(), event.source(), OpsViews.text(event.detail()),
                    event.webhookId(), event.requestId());
        }
    }

    /** {@code feedback}: the email provider's last word on it and who said it, e.g. "bounced (ses)". */
    record Delivery(int step, String channel, String recipient, String template, String status, String providerId,
            String error, String createdAt, String updatedAt, boolean failed, String feedback) {

        static Delivery of(Deliveries.Delivery delivery) {
            return new Delivery(delivery.step(), delivery.channel(), OpsViews.text(delivery.recipientMasked()),
                    OpsViews.text(delivery.template()), delivery.status(), OpsViews.text(delivery.providerId()),
                    OpsViews.text(delivery.error()), OpsViews.time(delivery.createdAt()),
                    OpsViews.time(delivery.updatedAt()), delivery.error() != null,
                    delivery.feedback() == null ? "" : delivery.feedback() + " (" + delivery.feedbackProvider() + ")");
        }
    }

    private final IncidentSearch search;
    private final IncidentQueries incidents;
    private final Deliveries deliveries;
    private final ContactStore contacts;

    OpsIncidents(IncidentSearch search, IncidentQueries incidents, Deliveries deliveries, ContactStore contacts) {
        this.search = search;
        this.incidents = incidents;
        this.deliveries = deliveries;
        this.contacts = contacts;
    }

    @GetMapping("/ops/incidents")
    String list(@RequestParam Map<String, String> params, Model model) {
        IncidentQuery query = IncidentQuery.from(params, PAGE_SIZE);
        model.addAttribute("incidents", search.search(query).stream().map(Line::of).toList());
        model.addAttribute("pager", OpsViews.pager("/ops/incidents", params, query.page(), query.size(),
                search.count(query)));
        model.addAttribute("states", OpsViews.options(IncidentState.ALL, query.state()));
        model.addAttribute("reasons", OpsViews.options(IncidentQuery.REASONS, query.reason()));
        model.addAttribute("openOptions", OpsViews.options(List.of("true", "false"),
                query.open() == null ? null : query.open().toString()));
        model.addAttribute("externalId", OpsViews.text(query.externalId()));
        model.addAttribute("linkId", OpsViews.text(query.linkId()));
        model.addAttribute("nav", OpsViews.Nav.of("incidents"));
        return "ops/incidents";
    }

    @GetMapping("/ops/incidents/{id}")
    String incident(@PathVariable String id, Model model) {
        Incident incident = incidents.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No incident " + id));
        model.addAttribute("incident", Line.of(incident));
        model.addAttribute("timeline", incidents.timeline(id).stream().map(Event::of).toList());
        model.addAttribute("deliveries", deliveries.forIncident(id).stream().map(Delivery::of).toList());
        model.addAttribute("optOuts", optOuts(incident.externalId()));
        model.addAttribute("undeliverable", undeliverable(incident.externalId()));
        model.addAttribute("nav", OpsViews.Nav.of("incidents"));
        return "ops/incident";
    }

    /** Since when the user's email address bounced for good ("no" while it takes mail). */
    private String undeliverable(String externalId) {
        return contacts.find(externalId).map(Contact::emailUndeliverableAt).map(at -> "since " + OpsViews.time(at))
                .orElse("no");
    }

    /** The channels the incident's user opted out of, and since when ("none" when they did not). */
    private String optOuts(String externalId) {
        if (externalId == null) {
            return "no contact known";
        }
        return contacts.find(externalId).map(contact -> {
            List<String> channels = new ArrayList<>();
            for (String channel : List.of("email", "sms", "whatsapp")) {
                Instant since = contact.optOuts() == null ? null : contact.optOuts().since(channel);
                if (since != null) {
                    channels.add(channel + " since " + OpsViews.time(since));
                }
            }
            return channels.isEmpty() ? "none" : String.join(", ", channels);
        }).orElse("no contact saved");
    }
}
