package dev.relink.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.relink.web.SecretMatch;

/**
 * The emulator's secret keys. Every API call needs them as HTTP Basic (as Belvo); the token endpoint
 * also takes them as {@code id}/{@code password} in its body, so it checks them itself and is left out
 * of this interceptor.
 */
@Component
@SandboxEnabled
class SandboxKeys implements HandlerInterceptor {

    private static final String BASIC = "Basic ";

    private final SandboxProperties properties;

    SandboxKeys(SandboxProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!basicMatches(request)) {
            throw SandboxError.authenticationFailed();
        }
        return true;
    }

    boolean matches(String id, String password) {
        // both compared, always, so the time taken does not tell which one was wrong
        return SecretMatch.matches(id, properties.secretId()) & SecretMatch.matches(password, properties.secretPassword());
    }

    boolean basicMatches(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && matches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
