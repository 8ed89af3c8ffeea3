package dev.relink.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Stops startup under any profile but {@code local} (a start naming none included: that is {@code prod})
 * when a setting Relink cannot run without is missing, naming every missing key at once (a partial list
 * makes ops restart once per key), then when the sandbox is switched on, then when a secret is a
 * published placeholder or too weak ({@link UnsafeSecrets}), then when email would go out in plain text
 * ({@link PlainSmtpOutsideLocalException}). Runs as an initializer so nothing has
 * connected anywhere yet.
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

    static final String APP_WEBHOOK_URL = "relink.app-webhook.url";
    static final String APP_WEBHOOK_SECRET = "relink.app-webhook.secret";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        // no profile named is spring.profiles.default (prod), so a bare java -jar is checked too
        if (environment.matchesProfiles(LOCAL_PROFILE)) {
            return;
        }
        List<String> profiles = List.of(environment.getActiveProfiles().length > 0
                ? environment.getActiveProfiles() : environment.getDefaultProfiles());
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(profiles, missing);
        }
        if (isTrue(environment, SandboxOutsideLocalException.KEY)) {
            throw new SandboxOutsideLocalException(profiles);
        }
        List<String> unsafe = UnsafeSecrets.find(environment);
        if (!unsafe.isEmpty()) {
            throw new UnsafeSecretsException(profiles, unsafe);
        }
        if (!isTrue(environment, PlainSmtpOutsideLocalException.STARTTLS) && !isTrue(environment, PlainSmtpOutsideLocalException.SSL)
                && !isTrue(environment, PlainSmtpOutsideLocalException.ALLOW_PLAIN)) {
            throw new PlainSmtpOutsideLocalException(profiles);
        }
    }

    private static boolean isTrue(ConfigurableEnvironment environment, String key) {
        return environment.getProperty(key, Boolean.class, false);
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
        // events would go out unsigned, and the app could not tell them from forgeries
        if (StringUtils.hasText(environment.getProperty(APP_WEBHOOK_URL))
                && !StringUtils.hasText(environment.getProperty(APP_WEBHOOK_SECRET))) {
            missing.add(APP_WEBHOOK_SECRET);
        }
        return missing;
    }
}
