package dev.relink.privacy;

import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Deleting a contact erases the person from every table (on H2; {@link ErasureOnPostgresTest} on PostgreSQL).
 * The journey stops the app's embedded SMTP server to dead-letter a prompt; it runs again afterwards, for the
 * classes that share the app.
 */
class ErasureTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    GreenMail smtp;

    @Test
    void deletingAContactLeavesNoTraceOfThePersonInAnyTableButKeepsTheCounts() throws Exception {
        try {
            new ErasureJourney(new RelinkHttp(port), jdbc, smtp).run();
        } finally {
            if (!smtp.isRunning()) {
                smtp.start();
            }
        }
    }
}
