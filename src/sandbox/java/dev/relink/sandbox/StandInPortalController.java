package dev.relink.sandbox;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The local stand-in for My Belvo Portal's renew-consent mode ({@code ?access_token=…&consent_id=…&action=renew}
 * and the webhook's institution fields), local profile only. Clicking "Renovar" renews the consent when the
 * portal token is live and was minted for the consent's CPF; Belvo documents no webhook after a renewal, so
 * none is sent: Relink learns it by reading the consent back.
 */
@Controller
@SandboxEnabled
class StandInPortalController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZoneOffset.UTC);

    private final SandboxPortalTokens tokens;
    private final SandboxConsents consents;
    private final Clock clock;

    StandInPortalController(SandboxPortalTokens tokens, SandboxConsents consents, Clock clock) {
        this.tokens = tokens;
        this.consents = consents;
        this.clock = clock;
    }

    @GetMapping("/sandbox/portal/")
    ModelAndView portal(@RequestParam(name = "access_token", required = false) String accessToken,
            @RequestParam(name = "consent_id", required = false) String consentId,
            @RequestParam(required = false) String action,
            @RequestParam(name = "institution_display_name", required = false) String displayName,
            @RequestParam(name = "institution_icon_logo", required = false) String icon, Model model) {
        Optional<SandboxConsent> consent = usable(accessToken, consentId, model);
        if (consent.isEmpty()) {
            return page(model, HttpStatus.FORBIDDEN);
        }
        if (!"renew".equals(action)) {
            model.addAttribute("problem", "Este portal de teste só sabe renovar (action=renew).");
            return page(model, HttpStatus.BAD_REQUEST);
        }
        model.addAttribute("ask", true);
        model.addAttribute("displayName", displayName == null ? SandboxOfda.DISPLAY_NAME : displayName);
        model.addAttribute("icon", icon);
        model.addAttribute("accessToken", accessToken);
        model.addAttribute("consentId", consentId);
        return page(model, HttpStatus.OK);
    }

    @PostMapping("/sandbox/portal/renew")
    ModelAndView renew(@RequestParam(name = "access_token", required = false) String accessToken,
            @RequestParam(name = "consent_id", required = false) String consentId, Model model) {
        Optional<SandboxConsent> consent = usable(accessToken, consentId, model);
        if (consent.isEmpty()) {
            return page(model, HttpStatus.FORBIDDEN);
        }
        consent.get().renew(clock.instant());
        model.addAttribute("renewed", true);
        model.addAttribute("displayName", SandboxOfda.DISPLAY_NAME);
        model.addAttribute("expiresAt", DAY.format(consent.get().expiredAt()));
        return page(model, HttpStatus.OK);
    }

    /** The consent, when the token is a live portal token for its owner; otherwise the page says why. */
    private Optional<SandboxConsent> usable(String accessToken, String consentId, Model model) {
        Optional<String> cpf = tokens.documentFor(accessToken);
        if (cpf.isEmpty()) {
            model.addAttribute("problem", "Sessão expirada. Para renovar, abra de novo o link que você recebeu.");
            return Optional.empty();
        }
        Optional<SandboxConsent> consent = consentId == null ? Optional.empty() : consents.find(consentId)
                .filter(found -> found.documentNumber() == null
                        || SandboxPortalTokens.digits(found.documentNumber()).equals(cpf.get()));
        if (consent.isEmpty()) {
            model.addAttribute("problem", "Consentimento não encontrado para este CPF.");
        }
        return consent;
    }

    private static ModelAndView page(Model model, HttpStatus status) {
        ModelAndView view = new ModelAndView("sandbox/portal", model.asMap());
        view.setStatus(status);
        return view;
    }
}
