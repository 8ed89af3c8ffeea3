package dev.relink.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;

/**
 * What the emulated banks do when Belvo logs in for a link. {@code erebor_mx_retail} just answers.
 * {@code heimdall_mx_retail} behaves as Belvo's update-mode guide describes: once a link exists,
 * every further data POST for it needs a fresh MFA token (428 {@code token_required}, the link turns
 * {@code token_required}) until a session is completed with token {@code 111111}; any other token
 * gets a new challenge. The sandbox credentials {@code user_invalid}/{@code pass_invalid} fail the login.
 */
@Component
@SandboxEnabled
class SandboxBank {

    static final String EREBOR = "erebor_mx_retail";
    static final String HEIMDALL = "heimdall_mx_retail";
    /** Banks that just answer, as erebor does; the institution holds' tests and walk-through take them down. */
    static final String GRINGOTTS = "gringotts_mx_retail";
    static final String GRINGOTTS_CO = "gringotts_co_retail";
    static final Set<String> INSTITUTIONS = Set.of(EREBOR, HEIMDALL, GRINGOTTS, GRINGOTTS_CO, SandboxOfda.INSTITUTION);
    static final String VALID_TOKEN = "111111";

    private final SandboxLinks links;
    private final Clock clock;
    private final long sessionExpirySeconds;
    private final Map<String, MfaSession> sessions = new ConcurrentHashMap<>();

    SandboxBank(SandboxLinks links, SandboxProperties properties, Clock clock) {
        this.links = links;
        this.clock = clock;
        this.sessionExpirySeconds = properties.sessionExpiry().toSeconds();
    }

    /** Belvo's sandbox rule: the invalid demo user or password is refused by the bank. */
    void login(String username, String password) {
        if ("user_invalid".equals(username) || "pass_invalid".equals(password)) {
            throw SandboxError.loginError();
        }
    }

    /** A data call (POST /accounts/ and the like) for this link: passes, or throws the error Belvo gives. */
    void retrieve(SandboxLink link) {
        synchronized (link) {
            switch (link.status()) {
                case Link.INVALID -> throw SandboxError.invalidLink();
                case Link.UNCONFIRMED -> throw SandboxError.unconfirmedLink();
                case Link.TOKEN_REQUIRED -> throw challenge(link);
                default -> {
                    if (HEIMDALL.equals(link.institution())) {
                        throw challenge(link);
                    }
                    link.accessed(clock.instant());
                }
            }
        }
    }

    /** PATCH resume ({@code session}, {@code token}, optional {@code link}): the link, valid, or a new 428. */
    SandboxLink resume(ObjectNode body) {
        return resume(SandboxBodies.required(body, "session"), SandboxBodies.text(body, "link"),
                SandboxBodies.required(body, "token"));
    }

    private SandboxLink resume(String sessionId, String linkId, String token) {
        MfaSession open = sessions.get(sessionId);
        if (open != null && linkId != null && !linkId.equals(open.linkId())) {
            throw SandboxError.invalid("link", "The session does not belong to this link.");
        }
        // removed before use, so two concurrent resumes of one session cannot both complete it
        MfaSession session = sessions.remove(sessionId);
        if (session == null || session.isExpired(clock.instant())) {
            throw SandboxError.sessionExpired();
        }
        SandboxLink link = links.find(session.linkId()).orElseThrow(SandboxError::notFound);
        return completeWithToken(link, token);
    }

    /** The user's MFA token for this link: {@code 111111} logs in (the link is valid again), anything else is challenged again. */
    SandboxLink completeWithToken(SandboxLink link, String token) {
        synchronized (link) {
            if (!VALID_TOKEN.equals(token)) {
                throw challenge(link);
            }
            link.accessed(clock.instant());
            return link;
        }
    }

    /** PUT with new credentials: revalidates the link unless the bank refuses them or still wants a token. */
    SandboxLink updateCredentials(SandboxLink link, String password) {
        login(null, password);
        synchronized (link) {
            if (Link.TOKEN_REQUIRED.equals(link.status())) {
                throw challenge(link);
            }
            link.accessed(clock.instant());
            return link;
        }
    }

    /** Ends every open MFA session now (tests and demos of {@code session_expired}); returns how many. */
    int expireSessions() {
        int open = sessions.size();
        sessions.clear();
        return open;
    }

    private SandboxError challenge(SandboxLink link) {
        link.status(Link.TOKEN_REQUIRED);
        Instant now = clock.instant();
        sessions.values().removeIf(expired -> expired.isExpired(now));
        MfaSession session = new MfaSession(SandboxError.hex32(), link.id(), now.plusSeconds(sessionExpirySeconds),
                sessionExpirySeconds, String.valueOf(ThreadLocalRandom.current().nextInt(10_000, 100_000)));
        sessions.put(session.id(), session);
        return SandboxError.tokenRequired(session);
    }
}
