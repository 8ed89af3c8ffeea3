package dev.relink.web;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what, for everything the ops console's and the actuator's chains do not take: the
 * admin API needs the bearer key; the callers that cannot hold it are let through by name and check
 * their own credential (Belvo's webhooks their Authorization value, repair and opt-out pages their
 * signed token); whatever no rule names is refused. Rules match the path as Spring MVC routes it.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String[] PUBLIC = {
        "/",
        "/webhooks/**", // Belvo (detect.webhook-intake checks the Authorization value)
        "/repair/**", // the repair and consent pages, their events and assets (signed token)
        "/opt-out/**", // the e-mail's unsubscribe link (signed token)
        "/callbacks/**", // Twilio's status and inbound callbacks
        "/email-events/*", // the email providers' bounce and complaint webhooks (each verifies its signature or credential)
    };

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain relinkSecurity(HttpSecurity http, ApiProperties api,
            @Value("${relink.sandbox.enabled:false}") boolean sandbox) throws Exception {
        RequestMatcher apiPaths = Paths.anyOf("/api/**");
        AuthenticationEntryPoint apiKey = Refusals.apiKey();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .headers(h -> h.frameOptions(f -> f.deny()))
                .addFilterBefore(ApiKeyAuthentication.filter(api, apiPaths, apiKey), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(apiKey, apiPaths)
                        .defaultAuthenticationEntryPointFor(Refusals.notServed(), AnyRequestMatcher.INSTANCE))
                .authorizeHttpRequests(auth -> {
                    // the error page renders what a handler already failed with; asked for directly it is not served
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers(apiPaths).hasRole(ApiKeyAuthentication.ROLE)
                            .requestMatchers(Paths.of(PUBLIC)).permitAll();
                    if (sandbox) {
                        auth.requestMatchers(Paths.of("/sandbox/**")).permitAll();
                    }
                    auth.anyRequest().denyAll();
                });
        return http.build();
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return Refusals.notPlain();
    }
}
