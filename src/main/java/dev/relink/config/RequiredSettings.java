package dev.relink.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Stops startup under any profile but {@code local} when a setting Relink cannot run without is
 * missing, naming every missing key at once (a partial list makes ops restart once per key), and then
 * when a secret is a published placeholder or too weak ({@link UnsafeSecrets}). Runs as an initializer
 * so nothing has connected anywhere yet.
 */
public class RequiredSettings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String LOCAL_PROFILE = "local";

    static final List<String> ALWAYS = List.of(
            "relink.belvo.base-url",
            "relink.belvo.secret-id",
            "relink.belvo.secret-password",
            "relink.webhooks.authorization",
            "relink.api.key",
            "relink.mail.host",
            "relink.repair.base-url",
            "relink.repair.signing-key",
            "relink.ops.username",
            "relink.ops.password",
            "relink.metrics.password");

    static final List<String> TWILIO = List.of(
            "relink.sms.twilio.account-sid",
            "relink.sms.twilio.auth-token");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (Arrays.asList(environment.getActiveProfiles()).contains(LOCAL_PROFILE)
                || environment.getActiveProfiles().length == 0) {
            return;
        }
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(List.of(environment.getActiveProfiles()), missing);
        }
        List<String> unsafe = UnsafeSecrets.find(environment);
        if (!unsafe.isEmpty()) {
            throw new UnsafeSecretsException(List.of(environment.getActiveProfiles()), unsafe);
        }
    }

    static List<String> missing(ConfigurableEnvironment environment) {
        List<String> missing = new ArrayList<>();
        for (String key : ALWAYS) {
            if (!StringUtils.hasText(environment.getProperty(key))) {
                missing.add(key);
            }
        }
        if ("twilio".equals(environment.getProperty("relink.sms.provider"))) {
            boolean hasSender = StringUtils.hasText(environment.getProperty("relink.sms.twilio.from"))
                    || StringUtils.hasText(environment.getProperty("relink.sms.twilio.messaging-service-sid"));
            for (String key : TWILIO) {
                if (!StringUtils.hasText(environment.getProperty(key))) {
                    missing.add(key);
                }
            }
            if (!hasSender) {
                missing.add("relink.sms.twilio.from (or relink.sms.twilio.messaging-service-sid)");
            }
        }
        return missing;
    }
}
