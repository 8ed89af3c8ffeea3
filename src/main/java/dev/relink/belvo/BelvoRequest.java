package dev.relink.belvo;

import java.util.Map;

/**
 * One call to Belvo, described without its credentials: the route {@code belvo.request} adds the
 * secret keys at the last moment (Basic auth on the connection, and in the body of {@code /api/token/}).
 *
 * @param path  the path to append to {@code relink.belvo.base-url}, already percent-encoded
 * @param query the raw (encoded) query string, or null
 * @param json  the JSON body fields (without the secret keys; values may nest), or null for a call without a body
 * @param withSecretKeysInBody whether the body also carries {@code id} and {@code password} (only {@code /api/token/})
 */
public record BelvoRequest(String method, String path, String query, Map<String, ?> json,
        boolean withSecretKeysInBody) {

    /** The path for messages and exceptions: no query, which may carry a user's external_id. */
    public String describe() {
        return method + " " + path;
    }
}
