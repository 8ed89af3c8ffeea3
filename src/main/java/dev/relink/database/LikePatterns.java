package dev.relink.database;

/**
 * LIKE patterns that find a text as it is, whatever it holds: its own {@code %}, {@code _} and {@code !}
 * match themselves. The escape character is {@code !} (a backslash means different things to H2 and
 * PostgreSQL string literals), so the SQL reads {@code column like ? escape '!'}.
 */
public final class LikePatterns {

    private LikePatterns() {
    }

    /** Matches any value that contains {@code text}. */
    public static String containing(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
