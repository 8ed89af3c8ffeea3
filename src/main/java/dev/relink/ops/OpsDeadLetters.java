package dev.relink.ops;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.relink.deadletter.DeadLetter;
import dev.relink.deadletter.DeadLetters;
import dev.relink.deadletter.ReplayRefused;
import dev.relink.web.Paging;

/**
 * {@code /ops/dead-letters}: what the flows gave up on, with replay and delete buttons for one
 * letter or for every letter of a route. Each button posts a CSRF-protected form and comes back to
 * the list with a message saying what happened.
 */
@Controller
class OpsDeadLetters {

    static final int PAGE_SIZE = 25;
    static final List<String> STATUSES = List.of(DeadLetter.PENDING, DeadLetter.REPLAYING, DeadLetter.REPLAYED);

    /** A dead letter in the list; {@code replayOutcome} is null unless a replay said more than the status. */
    record Line(long id, String route, String status, boolean pending, int attempts, String error, String firstFailedAt,
            String lastFailedAt, String replayOutcome) {

        static Line of(DeadLetter letter) {
            return new Line(letter.id(), letter.routeId(), letter.status(), DeadLetter.PENDING.equals(letter.status()),
                    letter.attempts(), OpsViews.text(letter.exceptionClass()) + ": "
                            + OpsViews.text(letter.exceptionMessage()),
                    OpsViews.time(letter.firstFailedAt()), OpsViews.time(letter.lastFailedAt()),
                    letter.replayOutcome() == null || letter.replayOutcome().equals(letter.status()) ? null
                            : letter.replayOutcome());
        }
    }

    record RouteLine(String route, long pending) {
    }

    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    OpsDeadLetters(DeadLetters deadLetters, ObjectMapper json) {
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @GetMapping("/ops/dead-letters")
    String list(@RequestParam Map<String, String> params, Model model) {
        String route = blankToNull(params.get("route"));
        String status = blankToNull(params.get("status"));
        if (status != null && !STATUSES.contains(status)) {
            throw Paging.badRequest("status must be one of " + String.join(", ", STATUSES) + "; got '" + status + "'.");
        }
        Paging paging = Paging.of(params.get("page"), params.get("size"), PAGE_SIZE, 200);
        model.addAttribute("letters", deadLetters.page(route, status, paging.page(), paging.size()).stream()
                .map(Line::of).toList());
        model.addAttribute("pager", OpsViews.pager("/ops/dead-letters", params, paging.page(), paging.size(),
                deadLetters.count(route, status)));
        model.addAttribute("byRoute", deadLetters.pendingByRoute().entrySet().stream()
                .map(entry -> new RouteLine(entry.getKey(), entry.getValue())).toList());
        model.addAttribute("statuses", OpsViews.options(STATUSES, status));
        model.addAttribute("route", OpsViews.text(route));
        model.addAttribute("nav", OpsViews.Nav.of("dead-letters"));
        return "ops/dead-letters";
    }

    @GetMapping("/ops/dead-letters/{id}")
    String letter(@PathVariable long id, Model model) throws JsonProcessingException {
        DeadLetter letter = deadLetters.find(id).orElseThrow(() -> notFound(id));
        model.addAttribute("letter", Line.of(letter));
        model.addAttribute("endpoint", OpsViews.text(letter.endpoint()));
        model.addAttribute("body", OpsViews.text(letter.body()));
        model.addAttribute("headers", json.writerWithDefaultPrettyPrinter().writeValueAsString(deadLetters.headers(letter)));
        model.addAttribute("nav", OpsViews.Nav.of("dead-letters"));
        return "ops/dead-letter";
    }

    @PostMapping("/ops/dead-letters/{id}/replay")
    String replay(@PathVariable long id, RedirectAttributes flash) {
        try {
            DeadLetter replayed = deadLetters.replay(id);
            if (DeadLetter.REPLAYED.equals(replayed.status())) {
                flash.addFlashAttribute("done", "Dead letter " + id + " was replayed into " + replayed.routeId() + ".");
            } else {
                flash.addFlashAttribute("problem", "Dead letter " + id + " was replayed into " + replayed.routeId()
                        + " and failed again: " + replayed.exceptionMessage());
            }
        } catch (ReplayRefused refused) {
            flash.addFlashAttribute("problem", refused.getMessage());
        }
        return "redirect:/ops/dead-letters";
    }

    @PostMapping("/ops/dead-letters/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        if (deadLetters.delete(id)) {
            flash.addFlashAttribute("done", "Dead letter " + id + " was deleted.");
        } else {
            flash.addFlashAttribute("problem", "There is no dead letter " + id + " (deleted already?).");
        }
        return "redirect:/ops/dead-letters";
    }

    @PostMapping("/ops/dead-letters/replay")
    String replayRoute(@RequestParam String route, RedirectAttributes flash) {
        DeadLetters.ReplayCounts counts = deadLetters.replayAll(route);
        String summary = "Replayed the pending dead letters of " + route + ": " + counts.replayed() + " replayed, "
                + counts.failed() + " failed again, " + counts.refused() + " refused.";
        flash.addFlashAttribute(counts.failed() + counts.refused() == 0 ? "done" : "problem", summary);
        return backTo(route);
    }

    @PostMapping("/ops/dead-letters/delete")
    String deleteRoute(@RequestParam String route, RedirectAttributes flash) {
        int deleted = deadLetters.deleteAll(route);
        flash.addFlashAttribute("done", "Deleted " + deleted + " pending dead letter" + (deleted == 1 ? "" : "s")
                + " of " + route + ".");
        return "redirect:/ops/dead-letters";
    }

    private static String backTo(String route) {
        return "redirect:" + UriComponentsBuilder.fromPath("/ops/dead-letters").queryParam("route", route).encode()
                .build().toUriString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead letter " + id);
    }
}
