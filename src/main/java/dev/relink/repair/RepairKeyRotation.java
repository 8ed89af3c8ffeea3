package dev.relink.repair;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rotating {@code relink.repair.signing-key} without breaking the links already sent: move the old
 * key to {@code previous-signing-keys}, set {@code rotated-at} to the moment of the change, and
 * links signed with an old key keep working for {@code rotation-grace} after it (default: the email
 * link lifetime, {@code relink.repair.ttl}, so every link sent before the change lives its full life).
 * New links are always signed with the current key.
 */
@ConfigurationProperties("relink.repair")
public record RepairKeyRotation(
        @DefaultValue List<String> previousSigningKeys,
        Instant rotatedAt,
        Duration rotationGrace) {

    static final RepairKeyRotation NONE = new RepairKeyRotation(List.of(), null, null);

    public RepairKeyRotation {
        previousSigningKeys = previousSigningKeys == null ? List.of()
                : previousSigningKeys.stream().filter(key -> key != null && !key.isBlank()).toList();
        if (!previousSigningKeys.isEmpty() && rotatedAt == null) {
            throw new IllegalStateException("relink.repair.rotated-at is required with relink.repair."
                    + "previous-signing-keys: set it to the moment the signing key was changed");
        }
    }

    /** Until when old keys still verify, or null when there are none. */
    Instant previousKeysUntil(Duration defaultGrace) {
        return previousSigningKeys.isEmpty() ? null
                : rotatedAt.plus(rotationGrace == null ? defaultGrace : rotationGrace);
    }

    @Override
    public String toString() {
        return "RepairKeyRotation[previousSigningKeys=" + previousSigningKeys.size() + " key(s), rotatedAt="
                + rotatedAt + ", rotationGrace=" + rotationGrace + "]";
    }
}
