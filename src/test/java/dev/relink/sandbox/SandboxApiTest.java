package dev.relink.sandbox;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkIntegrationTest;

/** The shared booted app, with a client holding the demo Belvo keys and one for the keyless admin surface. */
abstract class SandboxApiTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    SandboxHttp belvo;
    SandboxHttp admin;

    @BeforeEach
    void clients() {
        belvo = new SandboxHttp(port, BELVO_ID, BELVO_PASSWORD);
        admin = new SandboxHttp(port, null, null);
    }
}
