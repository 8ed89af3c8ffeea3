package dev.relink.ops;

import java.util.Optional;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.relink.institution.HoldView;
import dev.relink.institution.InstitutionHolds;

/** The overview's two actions on an institution's hold: release it, or close it as the bank's failure. */
@Controller
class OpsHolds {

    private final InstitutionHolds holds;

    OpsHolds(InstitutionHolds holds) {
        this.holds = holds;
    }

    @PostMapping("/ops/holds/{institution}/release")
    String release(@PathVariable String institution, RedirectAttributes flash) {
        return done(institution, holds.release(institution), "released: its " + "%d held link(s) are prompted now, "
                + "at the channels' pace.", flash);
    }

    @PostMapping("/ops/holds/{institution}/close-bank-side")
    String closeBankSide(@PathVariable String institution, RedirectAttributes flash) {
        return done(institution, holds.closeBankSide(institution), "closed as bank-side: its %d held incident(s) "
                + "closed, nobody was prompted.", flash);
    }

    private static String done(String institution, Optional<HoldView> ended, String what, RedirectAttributes flash) {
        ended.ifPresentOrElse(
                hold -> flash.addFlashAttribute("done", "The hold of " + institution + " was " + what.formatted(
                        hold.heldLinks())),
                () -> flash.addFlashAttribute("problem", institution + " is not on hold (any more)."));
        return "redirect:/ops";
    }
}
