package dev.relink.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;

/**
 * The state the emulator starts in: demo links {@code demo-user-1..10} at both banks, some valid,
 * some invalid, some token_required, so a fresh {@code ./mvnw spring-boot:run} has broken links to
 * repair. Their ids are derived from the external id, so they are the same on every start and reset.
 */
@Component
@SandboxEnabled
class SandboxDemo implements InitializingBean {

    private record DemoLink(String externalId, String institution, String status) {
    }

    static final List<DemoLink> LINKS = List.of(
            new DemoLink("demo-user-1", SandboxBank.EREBOR, Link.VALID),
            new DemoLink("demo-user-2", SandboxBank.EREBOR, Link.INVALID),
            new DemoLink("demo-user-3", SandboxBank.HEIMDALL, Link.TOKEN_REQUIRED),
            new DemoLink("demo-user-4", SandboxBank.HEIMDALL, Link.VALID),
            new DemoLink("demo-user-5", SandboxBank.EREBOR, Link.INVALID),
            new DemoLink("demo-user-6", SandboxBank.HEIMDALL, Link.INVALID),
            new DemoLink("demo-user-7", SandboxBank.EREBOR, Link.TOKEN_REQUIRED),
            new DemoLink("demo-user-8", SandboxBank.HEIMDALL, Link.VALID),
            new DemoLink("demo-user-9", SandboxBank.EREBOR, Link.VALID),
            new DemoLink("demo-user-10", SandboxBank.HEIMDALL, Link.TOKEN_REQUIRED));

    private final SandboxProperties properties;
    private final SandboxLinks links;
    private final SandboxBank bank;
    private final SandboxWidgetTokens tokens;
    private final SandboxConsents consents;
    private final SandboxPortalTokens portal;
    private final SandboxInstitutions institutions;

    SandboxDemo(SandboxProperties properties, SandboxLinks links, SandboxBank bank, SandboxWidgetTokens tokens,
            SandboxConsents consents, SandboxPortalTokens portal, SandboxInstitutions institutions) {
        this.institutions = institutions;
        this.consents = consents;
        this.portal = portal;
        this.properties = properties;
        this.links = links;
        this.bank = bank;
        this.tokens = tokens;
    }

    @Override
    public void afterPropertiesSet() {
        seed();
    }

    /** Back to the startup state: every link, consent, MFA session and widget token gone, every bank healthy, demo links seeded again. */
    int reset() {
        links.clear();
        bank.expireSessions();
        tokens.clear();
        consents.clear();
        portal.clear();
        institutions.clear();
        seed();
        return links.size();
    }

    static String demoLinkId(String externalId) {
        return UUID.nameUUIDFromBytes(("relink-demo:" + externalId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void seed() {
        if (!properties.seedDemoLinks()) {
            return;
        }
        for (DemoLink demo : LINKS) {
            links.create(demoLinkId(demo.externalId()), demo.institution(), demo.externalId(), demo.externalId(),
                    demo.status(), null, null, null);
        }
    }
}
