package dev.relink.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Turns {@code Authorization: Bearer <relink.api.key>} into the {@code API} role. It only
 * authenticates: whether a path needs the role is {@link SecurityConfig}'s rule, matched on the
 * normalized path. A request without a bearer key goes on anonymous; a wrong key is answered 401.
 */
final class ApiKeyAuthentication {

    static final String ROLE = "API";

    private static final String BEARER = "Bearer ";

    private ApiKeyAuthentication() {
    }

    /** Reads the key on {@code apiPaths} only: Belvo's webhooks carry a bearer value of their own. */
    static AuthenticationFilter filter(ApiProperties properties, RequestMatcher apiPaths, AuthenticationEntryPoint refusal) {
        AuthenticationFilter filter = new AuthenticationFilter(manager(properties), request -> {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            return header != null && header.startsWith(BEARER)
                    ? UsernamePasswordAuthenticationToken.unauthenticated(null, header.substring(BEARER.length()))
                    : null;
        });
        filter.setRequestMatcher(apiPaths);
        filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(refusal));
        // nothing to do on success but carry on to the handler (the default would redirect)
        filter.setSuccessHandler((request, response, authentication) -> {
        });
        return filter;
    }

    private static AuthenticationManager manager(ApiProperties properties) {
        return presented -> {
            if (!SecretMatch.matches((String) presented.getCredentials(), properties.key())) {
                throw new BadCredentialsException("not the API key");
            }
            return UsernamePasswordAuthenticationToken.authenticated("api-client", null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        };
    }
}
