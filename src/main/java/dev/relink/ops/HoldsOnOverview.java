package dev.relink.ops;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.relink.institution.HoldView;
import dev.relink.institution.InstitutionHolds;

/** The institutions on hold, first thing on the overview: each waits for a person's decision. */
@ControllerAdvice(assignableTypes = OpsOverview.class)
class HoldsOnOverview {

    /** One hold as the overview prints it. */
    record HoldLine(String institution, String since, long heldLinks, String reasons, String why) {

        static HoldLine of(HoldView view) {
            return new HoldLine(view.hold().institution(), OpsViews.time(view.hold().heldAt()), view.heldLinks(),
                    view.heldByReason().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")),
                    view.hold().why());
        }
    }

    private final InstitutionHolds holds;

    HoldsOnOverview(InstitutionHolds holds) {
        this.holds = holds;
    }

    @ModelAttribute
    void holds(Model model) {
        List<HoldLine> open = holds.open().stream().map(HoldLine::of).toList();
        model.addAttribute("holds", open);
        model.addAttribute("anyHolds", !open.isEmpty());
    }
}
