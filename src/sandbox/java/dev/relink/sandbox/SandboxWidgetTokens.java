package dev.relink.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

/**
 * Connect widget tokens as Belvo mints them at {@code POST /api/token/}: an {@code access} and a
 * {@code refresh} JWT (HS512, Belvo's claim set, access valid 10 minutes), signed with plain JDK
 * HMAC and a key made at startup. The emulator remembers which link each access token was minted for,
 * which is what Belvo's widget does in update mode, and how many tokens each link got.
 */
@Component
@SandboxEnabled
public class SandboxWidgetTokens {

    public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(10);
    private static final Duration REFRESH_LIFETIME = Duration.ofDays(7200);
    private static final String HEADER = base64Url("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final String ORGANIZATION_ID = "0b6f6b2e-3c52-4f43-9a55-2e7d3c1f9a40";

    private final ObjectMapper json;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Minted> minted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mintedPerLink = new ConcurrentHashMap<>();

    private record Minted(String linkId, Instant expiresAt) {
    }

    /** What {@code /api/token/} was asked for; {@code linkId} null means a token for a new link. */
    record Request(String linkId, List<String> scopes, String apiUrl, String credentialsStorage, String staleIn,
            List<String> fetchResources) {
    }

    SandboxWidgetTokens(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
        byte[] secret = new byte[64];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA512");
    }

    /** The link an access token was minted for, while the token is live (unknown, expired or new-link tokens: empty). */
    public Optional<String> linkIdFor(String access) {
        Minted token = access == null ? null : minted.get(access);
        if (token == null || !clock.instant().isBefore(token.expiresAt())) {
            return Optional.empty();
        }
        return Optional.ofNullable(token.linkId());
    }

    /** How many widget tokens were minted for this link since startup (or the last sandbox reset). */
    public int mintedFor(String linkId) {
        AtomicInteger count = mintedPerLink.get(linkId);
        return count == null ? 0 : count.get();
    }

    Map<String, String> mint(Request request) {
        Instant now = clock.instant();
        minted.values().removeIf(token -> !now.isBefore(token.expiresAt()));
        String access = jwt(claims("access", now, now.plus(ACCESS_LIFETIME), request));
        String refresh = jwt(claims("refresh", now, now.plus(REFRESH_LIFETIME), request));
        minted.put(access, new Minted(request.linkId(), now.plus(ACCESS_LIFETIME)));
        if (request.linkId() != null) {
            mintedPerLink.computeIfAbsent(request.linkId(), id -> new AtomicInteger()).incrementAndGet();
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("access", access);
        tokens.put("refresh", refresh);
        return tokens;
    }

    void clear() {
        minted.clear();
        mintedPerLink.clear();
    }

    private static Map<String, Object> claims(String type, Instant issuedAt, Instant expiresAt, Request request) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("token_type", type);
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("jti", SandboxError.hex32());
        claims.put("user_id", SandboxLink.CREATED_BY);
        claims.put("organization_name", "Relink Demo");
        claims.put("organization_id", ORGANIZATION_ID);
        claims.put("scopes", request.scopes());
        claims.put("environment", "sandbox");
        claims.put("api_url", request.apiUrl());
        claims.put("credentials_storage", request.credentialsStorage());
        claims.put("stale_in", request.staleIn());
        claims.put("fetch_resources", request.fetchResources());
        claims.put("iss", request.apiUrl());
        return claims;
    }

    private String jwt(Map<String, Object> claims) {
        try {
            String signed = HEADER + "." + base64Url(json.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(key);
            return signed + "." + base64Url(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a widget token", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
