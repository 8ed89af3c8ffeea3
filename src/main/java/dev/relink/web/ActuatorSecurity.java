package dev.relink.web;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The actuator on the serving port. Health is open to the platform's probes and shows only its
 * status, unless the caller is logged in to the ops console (role {@code OPS}, see
 * {@code management.endpoint.health.roles}): its session is read here, never created. Metrics and
 * Prometheus need the scrape credentials. The rest of {@code /actuator} is left to
 * {@link SecurityConfig}, which refuses it.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurity {

    private static final String SCRAPE_ROLE = "METRICS";

    @Bean
    @Order(2)
    SecurityFilterChain health(HttpSecurity http) throws Exception {
        String[] health = {"/actuator/health", "/actuator/health/**"};
        http.securityMatcher(Paths.anyOf(health))
                .securityContext(context -> context.securityContextRepository(new HttpSessionSecurityContextRepository()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(csrf -> csrf.disable()) // read-only
                .requestCache(c -> c.disable())
                // open to the probes: the endpoint itself shows details only to the OPS role
                .authorizeHttpRequests(auth -> auth.requestMatchers(Paths.of(health)).permitAll().anyRequest().denyAll());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain scrape(HttpSecurity http, MetricsProperties metrics) throws Exception {
        AuthenticationEntryPoint refusal = Refusals.scrapeCredentials();
        http.securityMatcher(Paths.anyOf("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // no cookies: every request carries its credentials
                .requestCache(c -> c.disable())
                .authenticationManager(scrapeCredentials(metrics))
                .httpBasic(basic -> basic.authenticationEntryPoint(refusal))
                .exceptionHandling(e -> e.authenticationEntryPoint(refusal))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(SCRAPE_ROLE));
        return http.build();
    }

    /**
     * Compared in constant time like the API key, both parts every time ({@code |}, not {@code ||}); a
     * password hash would cost every scrape a hashing.
     */
    private static AuthenticationManager scrapeCredentials(MetricsProperties metrics) {
        return presented -> {
            if (!SecretMatch.matches(presented.getName(), metrics.username())
                    | !SecretMatch.matches((String) presented.getCredentials(), metrics.password())) {
                throw new BadCredentialsException("not the scrape credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(metrics.username(), null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + SCRAPE_ROLE)));
        };
    }
}
