package io.gatehouse.proxy.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.jwt.JsonWebKeys;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JWK Set apps verify their identity tokens (Gatehouse-Jwt-Assertion) with: every key the jwt
 * CA lists (so after a rotation, tokens signed by the previous key still verify until they
 * expire), read from auth at most once a minute. If auth cannot be reached, the last set is served
 * for up to ten minutes (as long as a token lives) and then no longer: a key removed from the CA
 * must stop being published.
 */
public final class AppJwtKeys {
    static final Duration FRESH = Duration.ofMinutes(1);
    static final Duration STALE_AT_MOST = Duration.ofMinutes(10);

    private final Supplier<List<String>> caCertificates;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Fetched fetched;

    private record Fetched(String keySet, Instant at) {
    }

    /** {@code caCertificates}: the jwt CA's certificates (PEM), as auth's GET /v1/cas/jwt lists them. */
    public AppJwtKeys(Supplier<List<String>> caCertificates, Clock clock) {
        this.caCertificates = caCertificates;
        this.clock = clock;
    }

    /** {"keys":[...]} as JSON; a failure to reach auth propagates once the last set is too old. */
    public String keySet() {
        Fetched current = fetched;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.at().plus(FRESH))) {
            return current.keySet();
        }
        synchronized (this) {
            current = fetched;
            if (current != null && now.isBefore(current.at().plus(FRESH))) {
                return current.keySet();
            }
            try {
                Fetched next = new Fetched(encode(caCertificates.get()), now);
                fetched = next;
                return next.keySet();
            } catch (RuntimeException e) {
                if (current != null && now.isBefore(current.at().plus(STALE_AT_MOST))) {
                    return current.keySet();
                }
                throw e;
            }
        }
    }

    private String encode(List<String> pems) {
        if (pems == null || pems.isEmpty()) {
            throw new IllegalStateException("auth listed no certificate for the jwt CA");
        }
        List<PublicKey> keys = pems.stream().map(pem -> Keys.parseCertificatePem(pem).getPublicKey()).toList();
        try {
            return json.writeValueAsString(JsonWebKeys.keySet(keys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the jwt CA's keys cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
