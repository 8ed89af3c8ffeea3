package dev.relink.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.samskivert.mustache.Mustache;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.relink.web.ProblemResponses;

/**
 * The ops login under {@link LoginThrottle}: a sign-in of a pair that must wait is answered 429 with
 * {@code Retry-After} before its password is looked at (a browser gets the login page saying so, anything
 * else problem+json); the form login's outcome counts a failure or clears the pair. The client address is the
 * request's, which behind a trusted proxy is the one it forwarded ({@code server.forward-headers-strategy}).
 */
final class LoginThrottling extends OncePerRequestFilter {

    private static final HttpStatus TOO_MANY = HttpStatus.TOO_MANY_REQUESTS;

    private final LoginThrottle throttle;
    private final Mustache.Compiler templates;

    LoginThrottling(LoginThrottle throttle, Mustache.Compiler templates) {
        this.throttle = throttle;
        this.templates = templates;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && OpsSecurity.LOGIN.equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = throttle.waitFor(user(request), request.getRemoteAddr());
        if (wait.isZero() || wait.isNegative()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
            response.setStatus(TOO_MANY.value());
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding("UTF-8");
            Map<String, Object> page = new HashMap<>(Map.of("failed", false, "loggedOut", false,
                    "locked", new Locked((seconds + 59) / 60)));
            page.put("csrf", OpsViews.Csrf.of(request));
            templates.loadTemplate("ops/login").execute(page, response.getWriter());
            return;
        }
        ProblemResponses.write(response, ProblemResponses.problem(TOO_MANY, "too-many-failed-logins",
                "Too many wrong passwords for this user name from this address; try again in " + seconds + " seconds."));
    }

    /** What the login page says while the pair waits. */
    record Locked(long minutes) {
    }

    /** Counts the failure, then lets {@code then} answer it. */
    AuthenticationFailureHandler counting(AuthenticationFailureHandler then) {
        return (request, response, failure) -> {
            throttle.failed(user(request), request.getRemoteAddr());
            then.onAuthenticationFailure(request, response, failure);
        };
    }

    /** Clears the pair, then lets {@code then} answer the success. */
    AuthenticationSuccessHandler clearing(AuthenticationSuccessHandler then) {
        return (request, response, authentication) -> {
            throttle.succeeded(user(request), request.getRemoteAddr());
            then.onAuthenticationSuccess(request, response, authentication);
        };
    }

    private static String user(HttpServletRequest request) {
        return request.getParameter("username");
    }
}
