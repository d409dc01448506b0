package io.gatehouse.agent.service;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster's user CA certificates as the agent last fetched them from auth. A certificate that
 * none of them signed may be from a rotated CA: the list is fetched again then, at most every
 * {@link #REFETCH_AFTER}, so a stream of bad certificates cannot turn into a stream of calls to auth.
 */
public final class UserCas {
    static final Duration REFETCH_AFTER = Duration.ofSeconds(30);

    private final Supplier<List<X509Certificate>> fetch;
    private final Clock clock;
    private volatile List<X509Certificate> current;
    private volatile Instant fetched;

    public UserCas(Supplier<List<X509Certificate>> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
        this.current = List.copyOf(fetch.get());
        this.fetched = clock.instant();
    }

    /** The user CA as auth publishes it (/v1/cas/user), fetched now and again when a certificate needs it. */
    public static UserCas fromAuth(AgentContext context) {
        return new UserCas(() -> context.auth().api().ca("user").tlsCertificates().stream()
                .flatMap(pem -> io.gatehouse.shared.cert.Keys.parseCertificatesPem(pem).stream()).toList(),
                context.clock());
    }

    /** A fixed list (tests). */
    public static UserCas of(List<X509Certificate> cas) {
        return new UserCas(() -> cas, Clock.systemUTC());
    }

    public List<X509Certificate> current() {
        return current;
    }

    /** Fetches again if the last fetch is old enough; returns whether the list may have changed. */
    public synchronized boolean refetch() {
        if (clock.instant().isBefore(fetched.plus(REFETCH_AFTER))) {
            return false;
        }
        fetched = clock.instant();
        try {
            current = List.copyOf(fetch.get());
            return true;
        } catch (RuntimeException e) {
            return false; // auth unreachable: the CAs known stay, and refuse what they did not sign
        }
    }
}
