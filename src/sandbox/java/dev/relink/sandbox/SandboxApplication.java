package dev.relink.sandbox;

import java.time.Clock;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.relink.belvo.BelvoProperties;
import dev.relink.channel.MailSettings;

/**
 * The emulator on its own, without the hub (docs/operations.md, "The emulator on its own"): Belvo's API
 * at {@code /sandbox/api/}, its stand-in widget and portal, the admin endpoints, the outbox and an SMTP
 * server, for an app team's own CI. Its settings are {@code sandbox.yaml}, not the hub's
 * {@code application*.yaml}; the hub's start checks (required settings, routes) are not its own.
 * Inside the hub ({@code ./mvnw spring-boot:run}, the tests) this class is scanned too, and stays off.
 */
@SpringBootApplication
@ConditionalOnProperty(name = SandboxApplication.STANDALONE, havingValue = "true")
@EnableConfigurationProperties({ SandboxProperties.class, BelvoProperties.class, MailSettings.class })
public class SandboxApplication {

    static final String STANDALONE = "relink.sandbox.standalone";

    public static void main(String[] args) {
        start(args);
    }

    static ConfigurableApplicationContext start(String... args) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(SandboxApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.name=sandbox", STANDALONE + "=true");
        builder.application().setInitializers(builder.application().getInitializers().stream()
                .filter(initializer -> !initializer.getClass().getPackageName().startsWith("dev.relink"))
                .toList());
        return builder.run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** No users: nobody signs in to the emulator (and Boot prints no generated password). */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    /** Open as Belvo's own API is: the emulated API checks its keys itself (SandboxKeys), the rest is a test double. */
    @Bean
    SecurityFilterChain sandboxOnly(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).csrf(csrf -> csrf.disable()).build();
    }
}
