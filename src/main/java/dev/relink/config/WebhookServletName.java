package dev.relink.config;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives Camel's webhook servlet a name of its own per running app ({@code relink.webhooks.servlet-name}).
 * Camel keeps servlets in a JVM-wide registry by name, so two Relink apps in one JVM (replica and
 * restart tests, the benchmark) would otherwise refuse to start with "Duplicate ServletName".
 */
public class WebhookServletName implements EnvironmentPostProcessor {

    static final String KEY = "relink.webhooks.servlet-name";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(KEY)) {
            environment.getPropertySources().addLast(new MapPropertySource("relinkWebhookServletName",
                    Map.of(KEY, "relink-webhooks-" + UUID.randomUUID())));
        }
    }
}
