package dev.relink.web;

import java.util.Collection;

import dev.relink.belvo.Link;

/**
 * The filters of the admin API's lists, checked the same way on every list: a value that can never
 * match anything is a 400 problem saying what would, never an empty page that looks like "none".
 */
public final class Filters {

    private Filters() {
    }

    /** The value, or null when it was not sent; a value outside {@code allowed} is a 400 listing them. */
    public static String oneOf(String name, String value, Collection<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw Paging.badRequest(name + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + "; got '" + value + "'.");
        }
        return value;
    }

    /** A {@code link_id} filter, or null when it was not sent; anything but a Belvo link id (a UUID) is a 400. */
    public static String linkId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Link.isId(value)) {
            throw Paging.badRequest(Link.notAnId(value));
        }
        return value;
    }
}
