package dev.relink.repair;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The repair token: {@code base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))}.
 * The payload is binary and small, because the URL has to fit in an SMS: one format byte, the expiry
 * (epoch seconds, 8 bytes), an 8-byte random nonce and the incident id (16 bytes when it is a UUID,
 * else its UTF-8 bytes). It names neither the link nor the person; the incident id only means
 * something to this hub's database.
 */
@Component
public class RepairTokens {

    private static final byte UUID_ID = 1;
    private static final byte TEXT_ID = 2;
    private static final int HEADER = 1 + 8 + 8;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final List<SecretKeySpec> previousKeys;
    private final Instant previousKeysUntil;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public RepairTokens(String signingKey, Clock clock) {
        this(signingKey, RepairKeyRotation.NONE, Duration.ZERO, clock);
    }

    /** With key rotation: tokens signed by a previous key verify until the rotation's grace ends. */
    @Autowired
    public RepairTokens(@Value("${relink.repair.signing-key}") String signingKey, RepairKeyRotation rotation,
            @Value("${relink.repair.ttl:7d}") Duration ttl, Clock clock) {
        if (signingKey == null || signingKey.isBlank()) {
            throw new IllegalStateException("relink.repair.signing-key is empty");
        }
        this.key = hmacKey(signingKey);
        this.previousKeys = rotation.previousSigningKeys().stream().map(RepairTokens::hmacKey).toList();
        this.previousKeysUntil = rotation.previousKeysUntil(ttl);
        this.clock = clock;
    }

    /** What a presented token turned out to be. */
    public enum Outcome { VALID, EXPIRED, INVALID }

    /** The result of {@link #verify}: incident id and expiry only when the signature is good. */
    public record Verification(Outcome outcome, String incidentId, Instant expiresAt) {

        static final Verification INVALID = new Verification(Outcome.INVALID, null, null);

        public boolean isValid() {
            return outcome == Outcome.VALID;
        }
    }

    /** A signed token for the incident that stops working at {@code expiresAt}. */
    public String issue(String incidentId, Instant expiresAt) {
        byte[] id = idBytes(incidentId);
        ByteBuffer payload = ByteBuffer.allocate(HEADER + id.length);
        payload.put(isUuid(incidentId) ? UUID_ID : TEXT_ID);
        payload.putLong(expiresAt.getEpochSecond());
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        payload.put(nonce).put(id);
        String encoded = ENCODER.encodeToString(payload.array());
        return encoded + "." + ENCODER.encodeToString(sign(key, encoded));
    }

    /** A token valid for {@code ttl} from now. */
    public String issue(String incidentId, Duration ttl) {
        return issue(incidentId, clock.instant().plus(ttl));
    }

    /**
     * Checks the signature first (in constant time) and only then reads the payload, so a forged
     * token learns nothing. A good signature past its expiry is {@code EXPIRED}, with its incident id.
     */
    public Verification verify(String token) {
        if (token == null) {
            return Verification.INVALID;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Verification.INVALID;
        }
        String encoded = token.substring(0, dot);
        byte[] presented;
        byte[] payload;
        try {
            presented = DECODER.decode(token.substring(dot + 1));
            payload = DECODER.decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            return Verification.INVALID;
        }
        if (!signedByAcceptedKey(encoded, presented) || payload.length <= HEADER) {
            return Verification.INVALID;
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        byte format = buffer.get();
        Instant expiresAt = Instant.ofEpochSecond(buffer.getLong());
        buffer.position(HEADER);
        String incidentId;
        if (format == UUID_ID && buffer.remaining() == 16) {
            incidentId = new UUID(buffer.getLong(), buffer.getLong()).toString();
        } else if (format == TEXT_ID) {
            incidentId = new String(payload, HEADER, payload.length - HEADER, StandardCharsets.UTF_8);
        } else {
            return Verification.INVALID;
        }
        Outcome outcome = clock.instant().isBefore(expiresAt) ? Outcome.VALID : Outcome.EXPIRED;
        return new Verification(outcome, incidentId, expiresAt);
    }

    /** The current key, or a previous one while the rotation's grace lasts (each compared in constant time). */
    private boolean signedByAcceptedKey(String encodedPayload, byte[] presented) {
        if (MessageDigest.isEqual(presented, sign(key, encodedPayload))) {
            return true;
        }
        if (previousKeys.isEmpty() || !clock.instant().isBefore(previousKeysUntil)) {
            return false;
        }
        boolean matched = false;
        for (SecretKeySpec previous : previousKeys) {
            matched |= MessageDigest.isEqual(presented, sign(previous, encodedPayload));
        }
        return matched;
    }

    private static SecretKeySpec hmacKey(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private static byte[] sign(SecretKeySpec key, String encodedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException notUuid) {
            return false;
        }
    }

    private static byte[] idBytes(String incidentId) {
        if (isUuid(incidentId)) {
            UUID uuid = UUID.fromString(incidentId);
            return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
        }
        return incidentId.getBytes(StandardCharsets.UTF_8);
    }
}
