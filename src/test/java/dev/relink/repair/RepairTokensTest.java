package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.relink.prompt.MutableClock;
import dev.relink.repair.RepairTokens.Outcome;

class RepairTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final RepairTokens tokens = new RepairTokens("test-key", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFreshTokenVerifiesToItsIncidentAndExpiry() {
        String incident = UUID.randomUUID().toString();
        String token = tokens.issue(incident, Duration.ofDays(7));

        RepairTokens.Verification verified = tokens.verify(token);
        assertThat(verified.outcome()).isEqualTo(Outcome.VALID);
        assertThat(verified.incidentId()).isEqualTo(incident);
        assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}").hasSizeLessThan(90);
    }

    @Test
    void twoTokensForTheSameIncidentDifferByTheirNonce() {
        assertThat(tokens.issue("inc-1", Duration.ofDays(1))).isNotEqualTo(tokens.issue("inc-1", Duration.ofDays(1)));
    }

    @Test
    void nonUuidIncidentIdsRoundTrip() {
        assertThat(tokens.verify(tokens.issue("incident-42", Duration.ofHours(1))).incidentId()).isEqualTo("incident-42");
    }

    @Test
    void expiredTokenIsRecognisedAsExpiredNotInvalid() {
        String token = tokens.issue("inc-1", NOW.minusSeconds(1));
        RepairTokens.Verification verified = tokens.verify(token);
        assertThat(verified.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(verified.incidentId()).isEqualTo("inc-1");
    }

    @Test
    void aTokenWorksUntilItsExpiryAndStopsExactlyThere() {
        MutableClock clock = new MutableClock(NOW);
        RepairTokens ticking = new RepairTokens("test-key", clock);
        String token = ticking.issue("inc-1", Duration.ofDays(7));

        clock.set(NOW.plus(Duration.ofDays(7)).minusMillis(1));
        assertThat(ticking.verify(token).outcome()).isEqualTo(Outcome.VALID);
        clock.set(NOW.plus(Duration.ofDays(7)));
        assertThat(ticking.verify(token).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void anExpiryIsKeptToTheSecondSoATokenNeverOutlivesWhatItWasIssuedFor() {
        MutableClock clock = new MutableClock(NOW);
        RepairTokens ticking = new RepairTokens("test-key", clock);
        String token = ticking.issue("inc-1", NOW.plusMillis(1_900));

        assertThat(ticking.verify(token).expiresAt()).isEqualTo(NOW.plusSeconds(1));
        clock.set(NOW.plusSeconds(1));
        assertThat(ticking.verify(token).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void anSmsLinkLivesItsOwnShorterTimeEveryOtherChannelTheEmailLifetime() {
        RepairLinks links = new RepairLinks(tokens, Clock.fixed(NOW, ZoneOffset.UTC), "https://hub.example.com/",
                Duration.ofDays(7), Duration.ofDays(2));

        assertThat(links.linkFor("inc-1", "sms").expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
        assertThat(links.linkFor("inc-1", "email").expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(links.linkFor("inc-1", "whatsapp").expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void tamperedPayloadSignatureOrKeyIsInvalid() {
        String token = tokens.issue(UUID.randomUUID().toString(), Duration.ofDays(1));
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        byte[] bytes = Base64.getUrlDecoder().decode(payload);
        bytes[3] ^= 1;
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "." + signature;
        String forgedSignature = payload + "." + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);

        assertThat(tokens.verify(forgedPayload).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(tokens.verify(forgedSignature).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(new RepairTokens("other-key", Clock.fixed(NOW, ZoneOffset.UTC)).verify(token).outcome())
                .isEqualTo(Outcome.INVALID);
        for (String junk : new String[] {null, "", ".", "abc", "a.b.c", "!!!.???"}) {
            assertThat(tokens.verify(junk).outcome()).as(String.valueOf(junk)).isEqualTo(Outcome.INVALID);
        }
    }

    @Test
    void theUrlCarriesNoReadableIdentifiers() {
        RepairLinks links = new RepairLinks(tokens, Clock.fixed(NOW, ZoneOffset.UTC), "https://hub.example.com/",
                Duration.ofDays(7), Duration.ofDays(2));
        String incident = UUID.randomUUID().toString();
        RepairLinks.RepairLink email = links.linkFor(incident, "email");
        RepairLinks.RepairLink sms = links.linkFor(incident, "sms");

        assertThat(email.url()).startsWith("https://hub.example.com/repair/").doesNotContain(incident);
        String decoded = new String(Base64.getUrlDecoder().decode(
                email.url().substring(email.url().lastIndexOf('/') + 1).split("\\.")[0]), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain(incident).doesNotContain(incident.substring(0, 8));
        assertThat(email.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(sms.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
        assertThat(tokens.verify(sms.url().substring(sms.url().lastIndexOf('/') + 1)).incidentId()).isEqualTo(incident);
    }
}
