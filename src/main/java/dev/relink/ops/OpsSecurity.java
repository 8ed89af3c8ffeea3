package dev.relink.ops;

import java.time.Clock;

import com.samskivert.mustache.Mustache;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The ops console's own filter chain, ahead of the API's: a form login with the
 * {@code relink.ops.*} user, held back after repeated wrong passwords ({@link LoginThrottling}), a session
 * cookie, CSRF tokens on every form. The admin API key is never asked for here and never accepted in a URL;
 * {@code /api/**} keeps its bearer key.
 */
@Configuration(proxyBeanMethods = false)
class OpsSecurity {

    static final String LOGIN = "/ops/login";

    @Bean
    @Order(1)
    SecurityFilterChain opsConsole(HttpSecurity http, OpsProperties ops, Clock clock, Mustache.Compiler templates)
            throws Exception {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(ops.username())
                .password(encoder.encode(ops.password())).roles("OPS").build());
        LoginThrottling throttling = new LoginThrottling(
                new LoginThrottle(ops.maxFailedLogins(), ops.failedLoginWindow(), clock), templates);
        SimpleUrlAuthenticationSuccessHandler toConsole = new SimpleUrlAuthenticationSuccessHandler("/ops");
        toConsole.setAlwaysUseDefaultTargetUrl(true);
        http.securityMatcher("/ops/**", "/ops")
                .userDetailsService(users)
                .formLogin(form -> form.loginPage(LOGIN)
                        .successHandler(throttling.clearing(toConsole))
                        .failureHandler(throttling.counting(new SimpleUrlAuthenticationFailureHandler(LOGIN + "?error")))
                        .permitAll())
                .addFilterBefore(throttling, UsernamePasswordAuthenticationFilter.class)
                .logout(logout -> logout.logoutUrl("/ops/logout").logoutSuccessUrl(LOGIN + "?logout"))
                .httpBasic(basic -> basic.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; style-src 'self'; "
                                + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")))
                // the login page with any query (?error, ?logout): a failure handler of its own names no failure URL
                .authorizeHttpRequests(auth -> auth.requestMatchers("/ops/assets/**", LOGIN).permitAll()
                        .anyRequest().hasRole("OPS"));
        return http.build();
    }
}
