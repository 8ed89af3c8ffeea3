package dev.relink.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets a request into {@code /api/**} only with {@code Authorization: Bearer <relink.api.key>}. */
class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiProperties properties;

    ApiKeyFilter(ApiProperties properties) {
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
        if (!SecretMatch.matches(presented, properties.key())) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"relink\"");
            ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    header == null
                            ? "Send the admin API key as 'Authorization: Bearer <relink.api.key>'."
                            : "The API key is not valid. Send 'Authorization: Bearer <relink.api.key>'."));
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                "api-client", null, List.of(new SimpleGrantedAuthority("ROLE_API"))));
        chain.doFilter(request, response);
    }
}
