package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.RelinkApplication;

@ExtendWith(OutputCaptureExtension.class)
class SandboxStartupLogTest extends SandboxApiTest {

    @Autowired
    SandboxStartupLog startupLog;

    @Autowired
    ConfigurableApplicationContext context;

    /** The shared context started before this class, so the ready event is replayed to the listener. */
    @Test
    void theReadyLogSaysWhereToLookAndWhichDemoKeysToUse(CapturedOutput output) {
        startupLog.ready(new ApplicationReadyEvent(new SpringApplication(RelinkApplication.class), new String[0],
                context, Duration.ZERO));
        String host = "localhost:" + port;
        assertThat(output.getOut())
                .contains("http://" + host + "/sandbox/outbox")
                .contains("http://" + host + "/actuator/health")
                .contains("http://" + host + "/ops  (login ops / relink-local-ops-password)")
                .contains("curl -u " + BELVO_ID + ":" + BELVO_PASSWORD + " '" + host + "/sandbox/api/links/?status=invalid'")
                .contains(WEBHOOK_AUTHORIZATION)
                .contains(API_KEY);
    }
}
