package io.gatehouse.proxy.sso;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gate logins that came back from the provider and wait for the person's "Sign in": the verified
 * ID token stays here (never in the page), under a one-time token that the consent page's form
 * and the __Host- cookie both carry. Taken once; gone after TTL. In memory on purpose: the token is
 * worth a certificate, so it is not written anywhere, and a proxy restart just means "run gate
 * login again".
 */
@ApplicationScoped
public class CliConsents {
    static final Duration TTL = Duration.ofMinutes(5);
    /** More waiting consents than this is a flood, not people: new ones are refused. */
    static final int MAX_PENDING = 1000;

    /** What the consent page asked about; {@code user} is what the page showed. */
    record Pending(String connector, String rawIdToken, CliLogin cli, String user, String remote, Instant expires) {
        @Override
        public String toString() {
            return "Pending[" + connector + ", " + user + ", " + cli.clientAddress() + "]";
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public CliConsents() {
        this(Clock.systemUTC());
    }

    CliConsents(Clock clock) {
        this.clock = clock;
    }

    /** The one-time token for a login that waits for consent, or empty when too many wait. */
    Optional<String> offer(String connector, String rawIdToken, CliLogin cli, String user, String remote) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expires().isBefore(now));
        if (pending.size() >= MAX_PENDING) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(token, new Pending(connector, rawIdToken, cli, user, remote, now.plus(TTL)));
        return Optional.of(token);
    }

    /**
     * The login waiting under {@code formToken}, if the cookie is bound to the same token and
     * carries the same gate port and key, and it has not expired. Any try removes it: one answer.
     */
    Optional<Pending> take(String formToken, String cookieToken, CliLogin cookieCli) {
        Pending p = formToken == null ? null : pending.remove(formToken);
        if (p == null || cookieToken == null || !MessageDigest.isEqual(formToken.getBytes(StandardCharsets.US_ASCII),
                cookieToken.getBytes(StandardCharsets.US_ASCII)) || p.expires().isBefore(clock.instant())
                || !p.cli().equals(cookieCli)) {
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
