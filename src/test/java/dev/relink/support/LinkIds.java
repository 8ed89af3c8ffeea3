package dev.relink.support;

import java.util.UUID;

/**
 * Belvo link ids for tests that make many: Relink takes only UUIDs. A random group (the first 24
 * characters of a UUID, {@code 8-4-4-4-}) that a test's links share, for stubs and LIKE queries, and
 * the n-th link id in it.
 */
public final class LinkIds {

    private LinkIds() {
    }

    public static String group() {
        return UUID.randomUUID().toString().substring(0, 24);
    }

    public static String inGroup(String group, int n) {
        return group + String.format("%012d", n);
    }
}
