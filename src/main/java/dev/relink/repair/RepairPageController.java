package dev.relink.repair;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import dev.relink.belvo.BelvoApiException;
import dev.relink.brand.Brand;
import dev.relink.brand.InstitutionNames;
import dev.relink.belvo.WidgetToken;
import dev.relink.consent.ConsentPortal;
import dev.relink.consent.ConsentReasons;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.IncidentState;
import dev.relink.web.ProblemResponses;

/**
 * {@code GET /repair/{token}}: the page the prompt's link opens, and {@code POST /repair/{token}/start}, its
 * button. Only the button mints a widget access token for the incident's link (they live minutes, the
 * prompt days) and hands it to the page only, never to a URL or a log line.
 */
@Controller
class RepairPageController {

    static final String CREATE_WIDGET_TOKEN = "direct:belvo.create-widget-token";

    private static final Logger log = LoggerFactory.getLogger(RepairPageController.class);

    private final RepairTokens tokens;
    private final IncidentQueries incidents;
    private final IncidentLifecycle lifecycle;
    private final RepairLocale locales;
    private final RepairFunnel funnel;
    private final ProducerTemplate camel;
    private final RepairPageProperties properties;
    private final ConsentPortal consentPortal;
    private final Brand brand;
    private final InstitutionNames institutions;
    private final RepairMints mints;

    RepairPageController(RepairTokens tokens, IncidentQueries incidents, IncidentLifecycle lifecycle,
            RepairLocale locales, RepairFunnel funnel, ProducerTemplate camel, RepairPageProperties properties,
            ConsentPortal consentPortal, Brand brand, InstitutionNames institutions, RepairMints mints) {
        this.mints = mints;
        this.consentPortal = consentPortal;
        this.brand = brand;
        this.institutions = institutions;
        this.tokens = tokens;
        this.incidents = incidents;
        this.lifecycle = lifecycle;
        this.locales = locales;
        this.funnel = funnel;
        this.camel = camel;
        this.properties = properties;
    }

    /** The brand's primary colour for the page's stylesheet (the page's CSP allows no inline style). */
    @GetMapping(path = "/repair/assets/brand.css", produces = "text/css")
    @ResponseBody
    String brandStyle() {
        return ":root { --brand: " + brand.primaryColor() + "; }\n";
    }

    /**
     * {@code GET} (and {@code HEAD}) of the link: mail scanners fetch every link of an email, so this makes no
     * Belvo call and changes nothing; it notes the view and shows the brand, the bank and the button.
     */
    @GetMapping(path = "/repair/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView open(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        return withOpenIncident(token, request, response, (incident, language, bank) -> {
            lifecycle.note(incident.id(), "page_opened", "Repair page viewed (" + language + ")");
            funnel.opened(incident);
            RepairPage page = ConsentReasons.isConsent(incident.reason()) ? RepairPage.RENEW : RepairPage.START;
            return page.render(language, brand, bank, response, Map.of(
                    "startUrl", request.getContextPath() + "/repair/" + token + "/start"));
        });
    }

    /**
     * The page's button: a person asked to start, so the widget token (or, for a consent, the portal token)
     * is minted now, within the incident's budget. Only a same-origin form post counts ({@code Sec-Fetch-Site},
     * else {@code Origin}); a prefetch or a link preview never posts.
     */
    @PostMapping(path = "/repair/{token}/start", produces = MediaType.TEXT_HTML_VALUE)
    Object start(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        if (!SameOrigin.isSameOrigin(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemResponses.problem(HttpStatus.FORBIDDEN, "cross-site-start",
                            "The repair can only be started from its own page."));
        }
        return withOpenIncident(token, request, response, (incident, language, bank) -> {
            if (!mints.tryMint(incident.id())) {
                lifecycle.note(incident.id(), "page_throttled", "Too many starts of the repair page; asked to wait");
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(mints.secondsUntilReset(incident.id())));
                return RepairPage.TOO_MANY.render(language, brand, bank, response);
            }
            if (ConsentReasons.isConsent(incident.reason())) {
                return renewConsent(incident, language, bank, response);
            }
            WidgetToken widget;
            try {
                widget = mintWidgetToken(incident);
            } catch (TimeoutException slow) {
                return belvoFailed(incident, language, bank, new IllegalStateException("Belvo did not give a widget token within "
                        + properties.widgetTokenWait().toSeconds() + " s"), response);
            } catch (ExecutionException failed) {
                return belvoFailed(incident, language, bank, rootOf(failed), response);
            }
            lifecycle.note(incident.id(), "repair_started", "Widget started (" + language + ")");
            funnel.started(incident);
            return RepairPage.WIDGET.render(language, brand, bank, response, Map.of(
                    "access", widget.access(),
                    "widgetScriptUrl", properties.widgetScriptUrl().toString(),
                    "eventsUrl", request.getContextPath() + "/repair/" + token + "/events"));
        });
    }

    /** What the page does for an incident whose link is valid and open, in its language and naming its bank. */
    private interface OpenIncident {
        ModelAndView page(Incident incident, String language, String bank);
    }

    /** The not-found, already-fixed and expired pages, else {@code open}'s. */
    private ModelAndView withOpenIncident(String token, HttpServletRequest request, HttpServletResponse response,
            OpenIncident open) {
        RepairTokens.Verification verification = tokens.verify(token);
        Optional<Incident> found = verification.incidentId() == null ? Optional.empty()
                : incidents.find(verification.incidentId());
        if (found.isEmpty()) {
            return RepairPage.NOT_FOUND.render(RepairLocale.forRequest(request), brand, null, response);
        }
        Incident incident = found.get();
        String language = locales.forIncident(incident.id(), request);
        String bank = institutions.name(incident.institution());
        if (IncidentState.RESOLVED.equals(incident.state())) {
            return RepairPage.ALREADY_FIXED.render(language, brand, bank, response);
        }
        if (!verification.isValid() || !incident.isOpen()) {
            return RepairPage.EXPIRED.render(language, brand, bank, response);
        }
        return open.page(incident, language, bank);
    }

    /**
     * Brazil Open Finance: a consent is renewed in My Belvo Portal, not in the widget. The portal token is
     * minted now (it lives minutes) and goes to the browser only in the redirect; failures as the widget's.
     */
    private ModelAndView renewConsent(Incident incident, String language, String bank, HttpServletResponse response) {
        URI portal;
        try {
            portal = consentPortal.renewalUrl(incident).get(properties.widgetTokenWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            return belvoFailed(incident, language, bank, new IllegalStateException("Belvo did not give a portal token within "
                    + properties.widgetTokenWait().toSeconds() + " s"), response);
        } catch (ExecutionException failed) {
            return belvoFailed(incident, language, bank, rootOf(failed), response);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return belvoFailed(incident, language, bank, interrupted, response);
        }
        lifecycle.note(incident.id(), "repair_started", "Sent to My Belvo Portal to renew the consent (" + language + ")");
        funnel.started(incident);
        consentPortal.opened(incident.id());
        RedirectView redirect = new RedirectView(portal.toString());
        redirect.setStatusCode(HttpStatus.SEE_OTHER);
        return new ModelAndView(redirect);
    }

    /**
     * Just in time, as Belvo wants (the token lives minutes). The user waits at most
     * {@code relink.repair.widget-token-wait}: the client's back-off can take minutes, a person won't.
     */
    private WidgetToken mintWidgetToken(Incident incident) throws ExecutionException, TimeoutException {
        CompletableFuture<WidgetToken> token = camel.asyncRequestBodyAndHeader(CREATE_WIDGET_TOKEN, null, "linkId",
                incident.linkId(), WidgetToken.class);
        try {
            return token.get(properties.widgetTokenWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(interrupted);
        }
    }

    /** The exception that made the Camel call fail, without the wrappers. */
    private static Throwable rootOf(ExecutionException failed) {
        Throwable cause = failed.getCause();
        while (cause instanceof CamelExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == null ? failed : cause;
    }

    /** Belvo did not give a widget token even after the client's retries: say so kindly, log why. */
    private ModelAndView belvoFailed(Incident incident, String language, String bank, Throwable cause,
            HttpServletResponse response) {
        lifecycle.note(incident.id(), "page_unavailable", "Could not start the widget: " + cause.getMessage());
        log.warn("Repair page for incident {} could not start the widget: {}", incident.id(), cause.getMessage());
        if (cause instanceof BelvoApiException belvo && belvo.isNotFound()) {
            return RepairPage.EXPIRED.render(language, brand, bank, response);
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()));
        return RepairPage.UNAVAILABLE.render(language, brand, bank, response);
    }
}
