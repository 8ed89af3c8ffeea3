package dev.relink.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** How the security chains say no: always problem+json, never Spring's HTML or a redirect. */
final class Refusals {

    private Refusals() {
    }

    /** 401 for the admin API, saying how to send the key. */
    static AuthenticationEntryPoint apiKey() {
        return (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"relink\"");
            ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    request.getHeader(HttpHeaders.AUTHORIZATION) == null
                            ? "Send the admin API key as 'Authorization: Bearer <relink.api.key>'."
                            : "The API key is not valid. Send 'Authorization: Bearer <relink.api.key>'."));
        };
    }

    /** 401 for the scrape endpoints, asking for HTTP Basic. */
    static AuthenticationEntryPoint scrapeCredentials() {
        return (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"relink-metrics\"");
            ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Send the scrape credentials (relink.metrics.username, relink.metrics.password) as HTTP Basic."));
        };
    }

    /** 404 for whatever no rule names: an unknown path, and a known one that is not served to anybody. */
    static AuthenticationEntryPoint notServed() {
        return (request, response, failure) -> ProblemResponses.write(response,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "not-found", "Relink serves nothing at this path."));
    }

    /**
     * 400 for what Spring Security's firewall refuses before any rule is matched: a path that is not in
     * its plain form (encoded periods or percent signs, {@code ;}, {@code //}, dot segments, a backslash),
     * or a header or method HTTP does not allow. Says neither which nor the value: it may be a secret.
     */
    static RequestRejectedHandler notPlain() {
        return (request, response, rejected) -> ProblemResponses.write(response, ProblemResponses.problem(
                HttpStatus.BAD_REQUEST, "request-rejected", "The request is not in a plain form: write its path "
                        + "without encoded periods, percent signs or slashes, ';', '//', '.' or '..' segments and "
                        + "backslashes, and send only well-formed headers."));
    }
}
