package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;


import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

import dev.relink.RelinkApplication;
import dev.relink.support.FreePorts;
import dev.relink.support.TempDirectories;

/** An inbox setting that would stop the intake (no writer: every webhook a 503) stops startup instead, by name. */
class InboxSettingsTest {

    @Test
    void noGroupCommitWriterIsRefusedAtStartupNamingTheKey() throws Exception {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RelinkApplication.class).profiles("local")
                .run("--server.port=" + FreePorts.next(),
                        "--relink.sandbox.smtp-port=" + FreePorts.next(),
                        "--relink.data-dir=" + TempDirectories.create("relink-settings-"),
                        "--relink.inbox.writers=0").close());

        Throwable cause = failure;
        while (cause != null && !(cause instanceof BindValidationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("the startup failure's cause").isInstanceOf(BindValidationException.class);
        assertThat(cause.getMessage()).contains("relink.inbox", "writers");
    }
}
