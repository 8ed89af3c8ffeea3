package dev.relink.detect;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpStatus;

import dev.relink.web.ProblemResponses;

/**
 * The response Camel's servlet answers through: its bare {@code sendError} becomes problem+json like
 * every other refusal of {@code /webhooks/*}. A path nothing listens on is 404, unless Camel is not
 * running yet (or any more): then, like a suspended intake route, it is 503 with Retry-After, so Belvo
 * delivers again instead of seeing a wrong URL.
 */
final class WebhookServletErrors extends HttpServletResponseWrapper {

    static final String RETRY_AFTER_SECONDS = "30";

    private final String path;
    private final BooleanSupplier camelRunning;

    WebhookServletErrors(HttpServletResponse response, String path, BooleanSupplier camelRunning) {
        super(response);
        this.path = path;
        this.camelRunning = camelRunning;
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        HttpServletResponse response = (HttpServletResponse) getResponse();
        if (status == HttpStatus.SERVICE_UNAVAILABLE.value()
                || (status == HttpStatus.NOT_FOUND.value() && !camelRunning.getAsBoolean())) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "webhook-not-ready", "Relink is not taking webhooks right now (starting, stopping or paused); "
                            + "deliver it again later."));
        } else if (status == HttpStatus.NOT_FOUND.value()) {
            ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.NOT_FOUND, "webhook-unknown-path",
                    "Nothing receives webhooks at " + path + "; Belvo's go to /webhooks/belvo."));
        } else {
            HttpStatus known = HttpStatus.resolve(status);
            HttpStatus answer = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
            ProblemResponses.write(response, ProblemResponses.problem(answer, "webhook-" + answer.value(),
                    answer.getReasonPhrase() + "."));
        }
    }
}
