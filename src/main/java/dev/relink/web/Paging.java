package dev.relink.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The {@code page} (from 0) and {@code size} of a list in the admin API, checked once for every list. */
public record Paging(int page, int size) {

    /** Validates what the caller sent (null = not sent); a bad value is a 400 problem naming it. */
    public static Paging of(String page, String size, int defaultSize, int maxSize) {
        return new Paging(number("page", page, 0, 0, Integer.MAX_VALUE), number("size", size, defaultSize, 1, maxSize));
    }

    public long offset() {
        return (long) page * size;
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw badRequest(name + " must be a whole number from " + min + " to " + max + "; got '" + value + "'.");
    }

    public static ErrorResponseException badRequest(String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST,
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-query", detail), null);
    }
}
