package dev.relink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import dev.relink.RelinkApplication;
import dev.relink.support.RelinkInProduction;
import dev.relink.support.RelinkIntegrationTest;

@ExtendWith(OutputCaptureExtension.class)
class RequiredSettingsTest {

    @Test
    void prodProfileWithNothingSetNamesEveryMissingKeyAtOnce(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RelinkApplication.class)
                .profiles("prod")
                .run("--server.port=0"));

        assertThat(failure).isInstanceOf(MissingSettingsException.class);
        assertThat(((MissingSettingsException) failure).keys()).containsExactly(
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
        assertThat(failure.getMessage()).contains("RELINK_BELVO_SECRET_ID", "RELINK_REPAIR_SIGNING_KEY");
        // Spring Boot's failure report, not a stack trace, is what ops read first
        assertThat(output).contains("APPLICATION FAILED TO START", "missing settings relink.belvo.base-url");
    }

    @Test
    void twilioProviderAlsoNeedsItsAccountAndASender() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RelinkApplication.class)
                .profiles("prod")
                .run("--server.port=0",
                        "--relink.belvo.base-url=https://sandbox.belvo.com",
                        "--relink.belvo.secret-id=id-123",
                        "--relink.belvo.secret-password=never-shown-secret",
                        "--relink.webhooks.authorization=Bearer whsec",
                        "--relink.api.key=k",
                        "--relink.mail.host=smtp.example.com",
                        "--relink.repair.base-url=https://relink.example.com",
                        "--relink.repair.signing-key=0123456789abcdef0123456789abcdef",
                        "--relink.ops.username=ops",
                        "--relink.ops.password=never-shown-either",
                        "--relink.metrics.password=never-shown-either",
                        "--relink.sms.provider=twilio"));

        assertThat(((MissingSettingsException) failure).keys()).containsExactly(
                "relink.sms.twilio.account-sid",
                "relink.sms.twilio.auth-token",
                "relink.sms.twilio.from (or relink.sms.twilio.messaging-service-sid)");
        assertThat(failure.getMessage()).doesNotContain("never-shown-secret");
    }

    static final String[] EVERY_REQUIRED_KEY_BUT_SECRETS = {"--server.port=0",
            "--relink.belvo.base-url=https://sandbox.belvo.com",
            "--relink.belvo.secret-id=id-123",
            "--relink.belvo.secret-password=never-shown-secret",
            "--relink.mail.host=smtp.example.com",
            "--relink.repair.base-url=https://relink.example.com",
            "--relink.ops.username=ops"};

    /** Starts the prod profile with these secrets (and sound ops and scrape passwords unless they name one). */
    static Throwable startProd(String... secrets) {
        Stream<String> passwords = Stream.of("--relink.ops.password=an-ops-password-for-tests",
                "--relink.metrics.password=a-scrape-password-for-tests").filter(password -> Arrays.stream(secrets)
                        .noneMatch(secret -> secret.startsWith(password.substring(0, password.indexOf('=') + 1))));
        String[] args = Stream.of(Arrays.stream(EVERY_REQUIRED_KEY_BUT_SECRETS), passwords, Arrays.stream(secrets))
                .flatMap(arg -> arg).toArray(String[]::new);
        return catchThrowable(() -> new SpringApplicationBuilder(RelinkApplication.class).profiles("prod").run(args));
    }

    static final String SOUND_AUTHORIZATION = "--relink.webhooks.authorization=Bearer " + "w".repeat(24);

    /** Every required setting, each secret sound: what is left to refuse is what the test adds. */
    static final String[] SOUND_SECRETS = {"--relink.api.key=" + "k".repeat(24), SOUND_AUTHORIZATION,
            "--relink.repair.signing-key=" + "s".repeat(32)};

    @Test
    void aStartNamingNoProfileIsProdAndNamesEveryMissingKey(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RelinkApplication.class).run("--server.port=0"));

        assertThat(failure).isInstanceOf(MissingSettingsException.class).hasMessageStartingWith(
                "Relink cannot start with profile [prod]: missing settings");
        assertThat(((MissingSettingsException) failure).keys()).containsExactlyElementsOf(RequiredSettings.ALWAYS);
        assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("Tomcat started")
                .doesNotContain("relink-local-api-key");
    }

    @Test
    void theSandboxSwitchedOnOutsideLocalStopsTheStartNamingTheSetting(CapturedOutput output) {
        Throwable failure = startProd(Stream.concat(Arrays.stream(SOUND_SECRETS), Stream.of("--relink.sandbox.enabled=true"))
                .toArray(String[]::new));

        assertThat(failure).isInstanceOf(SandboxOutsideLocalException.class)
                .hasMessageContaining("relink.sandbox.enabled (env RELINK_SANDBOX_ENABLED) is true");
        assertThat(output).contains("APPLICATION FAILED TO START", "Remove relink.sandbox.enabled (or set it to false)")
                .doesNotContain("\tat ").doesNotContain("Tomcat started");
    }

    @Test
    void aShortWebhookTokenAWeakAppWebhookSecretAndAWeakOldSigningKeyStopTheStart(CapturedOutput output) {
        Throwable failure = startProd("--relink.api.key=" + "k".repeat(24), "--relink.webhooks.authorization=Bearer x",
                "--relink.repair.signing-key=" + "s".repeat(32),
                "--relink.repair.previous-signing-keys=" + "p".repeat(32) + ",old-key", "--relink.repair.rotated-at=2026-01-01T00:00:00Z",
                "--relink.app-webhook.url=https://app.example.com/hooks", "--relink.app-webhook.secret=whsec_c2hvcnQ=");

        assertThat(((UnsafeSecretsException) failure).problems()).containsExactly(
                "relink.webhooks.authorization (env RELINK_WEBHOOKS_AUTHORIZATION) has a token shorter than 24 characters "
                        + "after its scheme",
                "relink.repair.previous-signing-keys[1] (env RELINK_REPAIR_PREVIOUS_SIGNING_KEYS) is shorter than 32 bytes",
                "relink.app-webhook.secret (env RELINK_APP_WEBHOOK_SECRET) is shorter than 24 bytes of key");
        assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("old-key").doesNotContain("c2hvcnQ");
    }

    @Test
    void plainSmtpOutsideLocalStopsTheStartNamingTheSettingsThatEncryptIt(CapturedOutput output) {
        Throwable failure = startProd(SOUND_SECRETS);

        assertThat(failure).isInstanceOf(PlainSmtpOutsideLocalException.class).hasMessageContaining(
                "neither relink.mail.starttls (env RELINK_MAIL_STARTTLS) nor relink.mail.ssl (env RELINK_MAIL_SSL) is true");
        assertThat(output).contains("APPLICATION FAILED TO START", "Set relink.mail.starttls=true",
                "set relink.mail.allow-plain-smtp=true").doesNotContain("\tat ").doesNotContain("Tomcat started");
    }

    @Test
    void starttlsOrSmtpsLetAProductionStartGoOn() {
        for (String encrypted : new String[] {"relink.mail.starttls", "relink.mail.ssl"}) {
            MockEnvironment environment = soundSecrets().withProperty(encrypted, "true");
            RequiredSettings.ALWAYS.forEach(key -> environment.setProperty(key, environment.getProperty(key, "x".repeat(24))));
            environment.setActiveProfiles("prod");
            GenericApplicationContext context = new GenericApplicationContext();
            context.setEnvironment(environment);

            assertThat(catchThrowable(() -> new RequiredSettings().initialize(context))).as(encrypted).isNull();
        }
    }

    @Test
    void theSettingThatAllowsPlainSmtpLetsAProductionStartGoOn() {
        try (ConfigurableApplicationContext app = RelinkInProduction.start("--relink.mail.starttls=false",
                "--relink.mail.allow-plain-smtp=true")) {
            assertThat(app.isRunning()).isTrue();
        }
    }

    @Test
    void anAppWebhookUrlNeedsItsSecret() {
        Throwable failure = startProd(Stream.concat(Arrays.stream(SOUND_SECRETS),
                Stream.of("--relink.app-webhook.url=https://app.example.com/hooks")).toArray(String[]::new));

        assertThat(((MissingSettingsException) failure).keys()).containsExactly("relink.app-webhook.secret");
    }

    @Test
    void weakSecretsStopStartupNamingEachAndHowToGenerateOneWithoutShowingThem(CapturedOutput output) {
        Throwable failure = startProd("--relink.api.key=an-api-key-of-23-chars!",
                "--relink.webhooks.authorization=Bearer",
                "--relink.repair.signing-key=a-signing-key-of-31-bytes-long!");

        assertThat(failure).isInstanceOf(UnsafeSecretsException.class);
        assertThat(((UnsafeSecretsException) failure).problems()).containsExactly(
                "relink.api.key (env RELINK_API_KEY) is shorter than 24 characters",
                "relink.webhooks.authorization (env RELINK_WEBHOOKS_AUTHORIZATION) has no token after its scheme "
                        + "(write it as 'Bearer <token>')",
                "relink.repair.signing-key (env RELINK_REPAIR_SIGNING_KEY) is shorter than 32 bytes");
        assertThat(failure.getMessage()).contains("openssl rand -base64 32");
        assertThat(output).contains("APPLICATION FAILED TO START", "unsafe secrets relink.api.key");
        assertThat(output.toString() + failure.getMessage()).doesNotContain("an-api-key-of-23-chars!")
                .doesNotContain("a-signing-key-of-31-bytes-long!");
    }

    @Test
    void theRepositorysPlaceholdersAndTheLocalProfilesSecretsAreRefusedOutsideLocal() {
        Throwable changeMe = startProd("--relink.api.key=change-me-api-key-0123456789",
                "--relink.webhooks.authorization=Bearer change-me-webhook-secret",
                "--relink.repair.signing-key=change-me-signing-key-at-least-32-bytes");
        Throwable local = startProd("--relink.api.key=" + RelinkIntegrationTest.API_KEY,
                "--relink.webhooks.authorization=" + RelinkIntegrationTest.WEBHOOK_AUTHORIZATION,
                "--relink.repair.signing-key=relink-local-signing-key-change-me-in-prod");

        for (Throwable failure : new Throwable[] {changeMe, local}) {
            assertThat(((UnsafeSecretsException) failure).problems()).hasSize(3)
                    .allSatisfy(problem -> assertThat(problem).endsWith("is a placeholder published in Relink's repository"));
        }
    }

    @Test
    void theLocalOpsPasswordOrAShortOneDoesNotGuardTheOpsConsoleOutsideLocal(CapturedOutput output) {
        Throwable local = startProd("--relink.api.key=" + "k".repeat(24), SOUND_AUTHORIZATION,
                "--relink.repair.signing-key=" + "s".repeat(32), "--relink.ops.password=relink-local-ops-password");
        Throwable shortOne = startProd("--relink.api.key=" + "k".repeat(24), SOUND_AUTHORIZATION,
                "--relink.repair.signing-key=" + "s".repeat(32), "--relink.ops.password=opensesame12345");

        assertThat(((UnsafeSecretsException) local).problems()).containsExactly(
                "relink.ops.password (env RELINK_OPS_PASSWORD) is a placeholder published in Relink's repository");
        assertThat(((UnsafeSecretsException) shortOne).problems()).containsExactly(
                "relink.ops.password (env RELINK_OPS_PASSWORD) is shorter than 16 characters");
        assertThat(output.toString() + local.getMessage() + shortOne.getMessage()).doesNotContain("opensesame12345");
    }

    @Test
    void theLocalScrapePasswordOrAShortOneDoesNotGuardTheMetricsOutsideLocal(CapturedOutput output) {
        String[] sound = {"--relink.api.key=" + "k".repeat(24), SOUND_AUTHORIZATION,
            "--relink.repair.signing-key=" + "s".repeat(32)};
        Throwable local = startProd(Stream.concat(Arrays.stream(sound),
                Stream.of("--relink.metrics.password=" + RelinkIntegrationTest.METRICS_PASSWORD)).toArray(String[]::new));
        Throwable shortOne = startProd(Stream.concat(Arrays.stream(sound),
                Stream.of("--relink.metrics.password=scrape-me-12345")).toArray(String[]::new));

        assertThat(((UnsafeSecretsException) local).problems()).containsExactly("relink.metrics.password "
                + "(env RELINK_METRICS_PASSWORD) is a placeholder published in Relink's repository");
        assertThat(((UnsafeSecretsException) shortOne).problems()).containsExactly(
                "relink.metrics.password (env RELINK_METRICS_PASSWORD) is shorter than 16 characters");
        assertThat(output.toString() + local.getMessage() + shortOne.getMessage()).doesNotContain("scrape-me-12345");
    }

    @Test
    void generatedSecretsPass() {
        String generated = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'q');
        MockEnvironment environment = new MockEnvironment()
                .withProperty("relink.api.key", generated)
                .withProperty("relink.webhooks.authorization", "Bearer " + generated)
                .withProperty("relink.repair.signing-key", generated);

        assertThat(UnsafeSecrets.find(environment)).isEmpty();
        assertThat(UnsafeSecrets.find(environment.withProperty("relink.api.key", "x".repeat(24))
                .withProperty("relink.repair.signing-key", "\u00e9".repeat(16)))).as("24 characters, 32 bytes").isEmpty();
    }

    @Test
    void aWebhookTokenNeeds24CharactersAfterItsScheme() {
        assertThat(problemsWith("relink.webhooks.authorization", "Bearer x")).singleElement().asString()
                .endsWith("has a token shorter than 24 characters after its scheme");
        assertThat(problemsWith("relink.webhooks.authorization", "Bearer " + "t".repeat(23))).hasSize(1);
        assertThat(problemsWith("relink.webhooks.authorization", "   Bearer   ")).singleElement().asString()
                .endsWith("has no token after its scheme (write it as 'Bearer <token>')");
        assertThat(problemsWith("relink.webhooks.authorization", "Bearer " + "t".repeat(24))).isEmpty();
        assertThat(problemsWith("relink.webhooks.authorization", "Basic " + "dXNlcjpwYXNzd29yZC0wMTIzNDU2Nzg5")).isEmpty();
    }

    @Test
    void theAppWebhookSecretIsCheckedAsTheKeyItSignsWith() {
        String key24 = Base64.getEncoder().encodeToString(new byte[24]);
        assertThat(problemsWith("relink.app-webhook.secret", "whsec_" + key24)).isEmpty();
        assertThat(problemsWith("relink.app-webhook.secret", "whsec_" + Base64.getEncoder().encodeToString(new byte[23])))
                .singleElement().asString().endsWith("is shorter than 24 bytes of key");
        assertThat(problemsWith("relink.app-webhook.secret", "whsec_not base64!")).singleElement().asString()
                .endsWith("is not base64 after 'whsec_'");
        assertThat(problemsWith("relink.app-webhook.secret", "a".repeat(23))).hasSize(1);
        assertThat(problemsWith("relink.app-webhook.secret", "a".repeat(24))).isEmpty();
        assertThat(problemsWith("relink.app-webhook.secret", "change-me-app-webhook-secret-0123456789")).singleElement()
                .asString().endsWith("is a placeholder published in Relink's repository");
    }

    @Test
    void everyPreviousSigningKeyIsCheckedLikeTheCurrentOne() {
        MockEnvironment environment = soundSecrets()
                .withProperty("relink.repair.previous-signing-keys[0]", "p".repeat(32))
                .withProperty("relink.repair.previous-signing-keys[1]", "relink-local-signing-key-change-me-in-prod")
                .withProperty("relink.repair.previous-signing-keys[2]", "p".repeat(31));

        assertThat(UnsafeSecrets.find(environment)).containsExactly(
                "relink.repair.previous-signing-keys[1] (env RELINK_REPAIR_PREVIOUS_SIGNING_KEYS) is a placeholder "
                        + "published in Relink's repository",
                "relink.repair.previous-signing-keys[2] (env RELINK_REPAIR_PREVIOUS_SIGNING_KEYS) is shorter than 32 bytes");
    }

    /** The problems {@link UnsafeSecrets} finds when every other secret is sound. */
    static java.util.List<String> problemsWith(String key, String value) {
        return UnsafeSecrets.find(soundSecrets().withProperty(key, value));
    }

    static MockEnvironment soundSecrets() {
        return new MockEnvironment().withProperty("relink.api.key", "k".repeat(24))
                .withProperty("relink.webhooks.authorization", "Bearer " + "w".repeat(24))
                .withProperty("relink.repair.signing-key", "s".repeat(32))
                .withProperty("relink.ops.password", "o".repeat(16));
    }
}
