package dev.relink.channel;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.relink.web.ProblemResponses;
import dev.relink.web.SecretMatch;

/**
 * Every Twilio callback (whatever handles a path under {@code /callbacks/twilio/}) runs only when its
 * {@code X-Twilio-Signature} verifies ({@link TwilioSignature}) under {@code relink.sms.twilio.auth-token},
 * over the public URL Relink gave Twilio ({@link Twilio#publicUrl}, never one rebuilt from the request's
 * host or forwarded headers) and every parameter of the request; else 403 problem+json and nothing changes.
 * Without an auth token nothing can be verified: outside the {@code local} profile the callbacks are then
 * off (403, said once in the start-up log); locally they are taken as they come, to try STOP by hand.
 */
final class TwilioCallbackGuard implements HandlerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioCallbackGuard.class);
    static final String SIGNATURE = "X-Twilio-Signature";

    private final Twilio twilio;
    private final String authToken;
    private final boolean off;

    TwilioCallbackGuard(Twilio twilio, SmsSettings sms, Environment environment) {
        String token = sms.twilio().authToken();
        this.twilio = twilio;
        this.authToken = token == null || token.isBlank() ? null : token;
        this.off = authToken == null && !environment.acceptsProfiles(Profiles.of("local"));
        if (off) {
            LOG.warn("Twilio callbacks ({}/*) are off: relink.sms.twilio.auth-token is not set, so no X-Twilio-Signature "
                    + "can be verified; each callback is answered 403", Twilio.CALLBACKS);
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (off) {
            refuse(response, "twilio-callbacks-off", "Twilio callbacks are off: relink.sms.twilio.auth-token is not set, "
                    + "so their X-Twilio-Signature cannot be verified.");
            return false;
        }
        if (authToken == null) {
            return true;
        }
        // the servlet path is decoded and normalized, as the handler mappings see it
        String url = twilio.publicUrl(request.getServletPath());
        String signature = request.getHeader(SIGNATURE);
        if (url != null && signature != null
                && SecretMatch.matches(signature, TwilioSignature.of(authToken, url, request.getParameterMap()))) {
            return true;
        }
        refuse(response, "bad-twilio-signature", SIGNATURE + " is missing or does not match this callback's URL and "
                + "parameters under the auth token.");
        return false;
    }

    private static void refuse(HttpServletResponse response, String type, String detail) throws IOException {
        ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.FORBIDDEN, type, detail));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {

        private final TwilioCallbackGuard guard;

        Registration(Twilio twilio, SmsSettings sms, Environment environment) {
            this.guard = new TwilioCallbackGuard(twilio, sms, environment);
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(guard).addPathPatterns(Twilio.CALLBACKS + "/**");
        }
    }
}
