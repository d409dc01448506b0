package io.gatehouse.agent.app;

import io.gatehouse.shared.api.AppJwtRequest;
import io.gatehouse.shared.api.AppJwtResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity token (Gatehouse-Jwt-Assertion) an app receives for a user, asked of auth, which
 * verifies the user's certificate and current roles itself, and kept until a minute before it
 * expires, so a browser's requests do not each cost a call to auth. Kept by app and by the exact
 * certificate (its SHA-256), so a new certificate (new roles, a new login) gets a new token at
 * once. Refusals are never kept; at most {@link #MAX_KEPT} tokens, the least recently used go first.
 * Tokens are credentials for the apps: this class logs nothing.
 */
public final class AppJwts {
    static final int MAX_KEPT = 1024;
    /** A token is not handed out in its last minute: it must still verify when the app reads it. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    /** Auth's POST /v1/apps/jwt (AgentCalls::appJwt); a refusal or an unreachable auth is thrown. */
    @FunctionalInterface
    public interface Issuer {
        AppJwtResponse appJwt(AppJwtRequest request);
    }

    private record Key(String app, String certificateSha256) {
    }

    private final Issuer auth;
    private final Clock clock;
    /** In access order, guarded by itself: the eldest is the least recently used. */
    private final Map<Key, AppJwtResponse> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, AppJwtResponse> eldest) {
            return size() > MAX_KEPT;
        }
    };

    public AppJwts(Issuer auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    /** The token for the user of {@code userCertificatePem} (as the agent received it) at {@code app}. */
    public String token(String app, String userCertificatePem) {
        Key key = new Key(app, sha256(userCertificatePem));
        synchronized (kept) {
            AppJwtResponse known = kept.get(key);
            if (known != null && usable(known, clock.instant())) {
                return known.token();
            }
            kept.remove(key);
        }
        AppJwtResponse fresh = auth.appJwt(new AppJwtRequest(app, userCertificatePem));
        if (usable(fresh, clock.instant())) {
            synchronized (kept) {
                kept.put(key, fresh);
            }
        }
        return fresh.token();
    }

    /** How many tokens are kept (tests). */
    int kept() {
        synchronized (kept) {
            return kept.size();
        }
    }

    private static boolean usable(AppJwtResponse token, Instant now) {
        return now.isBefore(token.expires().minus(RENEW_BEFORE));
    }

    private static String sha256(String pem) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    pem.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
