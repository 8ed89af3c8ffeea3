package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.relink.repair.RepairTokens.Outcome;

class RepairKeyRotationTest {

    private static final Instant ROTATED_AT = Instant.parse("2026-11-20T09:00:00Z");
    private static final Duration TTL = Duration.ofDays(7);

    private static RepairTokens tokensAt(Instant now, String key, RepairKeyRotation rotation) {
        return new RepairTokens(key, rotation, TTL, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A link mailed the minute before the key changed, valid for a week. */
    private static String sentBeforeRotation() {
        return tokensAt(ROTATED_AT.minusSeconds(60), "old-key", RepairKeyRotation.NONE)
                .issue("incident-1", ROTATED_AT.plus(TTL));
    }

    @Test
    void aLinkSignedWithThePreviousKeyStillOpensWithinTheGrace() {
        RepairKeyRotation rotation = new RepairKeyRotation(List.of("old-key"), ROTATED_AT, null);
        RepairTokens verifier = tokensAt(ROTATED_AT.plus(Duration.ofDays(6)), "new-key", rotation);

        RepairTokens.Verification verified = verifier.verify(sentBeforeRotation());

        assertThat(verified.outcome()).isEqualTo(Outcome.VALID);
        assertThat(verified.incidentId()).isEqualTo("incident-1");
    }

    @Test
    void thePreviousKeyStopsVerifyingWhenTheGraceEnds() {
        String token = tokensAt(ROTATED_AT, "old-key", RepairKeyRotation.NONE)
                .issue("incident-1", ROTATED_AT.plus(Duration.ofDays(30)));
        RepairKeyRotation rotation = new RepairKeyRotation(List.of("old-key"), ROTATED_AT, Duration.ofDays(2));

        assertThat(tokensAt(ROTATED_AT.plus(Duration.ofDays(2)).minusSeconds(1), "new-key", rotation)
                .verify(token).outcome()).isEqualTo(Outcome.VALID);
        assertThat(tokensAt(ROTATED_AT.plus(Duration.ofDays(2)), "new-key", rotation)
                .verify(token).outcome()).isEqualTo(Outcome.INVALID);
    }

    @Test
    void theGraceDefaultsToTheLinkLifetime() {
        RepairKeyRotation rotation = new RepairKeyRotation(List.of("old-key"), ROTATED_AT, null);

        assertThat(rotation.previousKeysUntil(TTL)).isEqualTo(ROTATED_AT.plus(TTL));
        assertThat(tokensAt(ROTATED_AT.plus(TTL), "new-key", rotation).verify(sentBeforeRotation()).outcome())
                .isEqualTo(Outcome.INVALID);
    }

    @Test
    void newLinksAreSignedWithTheCurrentKeyOnly() {
        RepairKeyRotation rotation = new RepairKeyRotation(List.of("old-key"), ROTATED_AT, null);
        Instant now = ROTATED_AT.plusSeconds(60);
        String token = tokensAt(now, "new-key", rotation).issue("incident-2", TTL);

        assertThat(tokensAt(now, "new-key", RepairKeyRotation.NONE).verify(token).outcome()).isEqualTo(Outcome.VALID);
        assertThat(tokensAt(now, "old-key", RepairKeyRotation.NONE).verify(token).outcome())
                .isEqualTo(Outcome.INVALID);
    }

    @Test
    void aKeyThatWasNeverConfiguredIsRefusedEvenDuringAGrace() {
        String forged = tokensAt(ROTATED_AT, "guessed-key", RepairKeyRotation.NONE).issue("incident-1", TTL);
        RepairKeyRotation rotation = new RepairKeyRotation(List.of("old-key"), ROTATED_AT, null);

        assertThat(tokensAt(ROTATED_AT.plusSeconds(60), "new-key", rotation).verify(forged).outcome())
                .isEqualTo(Outcome.INVALID);
    }

    @Test
    void previousKeysWithoutARotationTimeStopStartup() {
        assertThatThrownBy(() -> new RepairKeyRotation(List.of("old-key"), null, null))
                .hasMessageContaining("relink.repair.rotated-at")
                .hasMessageNotContaining("old-key");
    }
}
