package dev.relink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.relink.RelinkApplication;

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
                "relink.ops.password");
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
                        "--relink.sms.provider=twilio"));

        assertThat(((MissingSettingsException) failure).keys()).containsExactly(
                "relink.sms.twilio.account-sid",
                "relink.sms.twilio.auth-token",
                "relink.sms.twilio.from (or relink.sms.twilio.messaging-service-sid)");
        assertThat(failure.getMessage()).doesNotContain("never-shown-secret");
    }
}
