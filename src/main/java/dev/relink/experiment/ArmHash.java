package dev.relink.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The arm a person is in: SHA-256 of (experiment id, external id), its first 8 bytes as an unsigned
 * number, modulo the arms' total weight. Nothing but these two strings goes in (no seed, no time, no
 * replica), so every replica, every incident of the person and every restart land in the same arm.
 */
final class ArmHash {

    private ArmHash() {
    }

    static Experiment.Arm arm(Experiment experiment, String externalId) {
        int total = experiment.arms().stream().mapToInt(Experiment.Arm::weight).sum();
        long slot = Long.remainderUnsigned(hash(experiment.id() + '\u0000' + externalId), total);
        for (Experiment.Arm arm : experiment.arms()) {
            slot -= arm.weight();
            if (slot < 0) {
                return arm;
            }
        }
        throw new IllegalStateException("weights of " + experiment.id() + " do not add up");
    }

    private static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
