package dev.relink.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Constant-time comparison of a presented credential with the configured one. */
public final class SecretMatch {

    private SecretMatch() {
    }

    /** True only when both are present and equal; the time taken does not depend on where they differ. */
    public static boolean matches(String presented, String expected) {
        if (presented == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
