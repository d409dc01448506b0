package io.gatehouse.proxy.authclient;

import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.shared.api.client.ApiClient;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;
import io.gatehouse.shared.cert.IdentityFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The proxy's mutual-TLS connection to auth, with its own host identity; failures are AuthCallExceptions. */
@ApplicationScoped
public class AuthConnection {
    private static final Logger LOG = Logger.getLogger(AuthConnection.class);
    private final IdentityFile identity;
    private final MtlsJsonClient client;
    private final ApiClient api;

    public AuthConnection(ProxyConfig config) {
        try {
            this.identity = IdentityFile.read(config.identityPath());
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy's identity file " + config.identityPath() + " cannot be read ("
                    + e.getMessage() + "); create one with gatectl auth sign --host=proxy --roles=proxy "
                    + "--format=identity --out=" + config.identityPath(), e);
        }
        this.client = new MtlsJsonClient(identity.sslContext("auth"), config.authAddr());
        this.api = client.api();
    }

    public IdentityFile identity() {
        return identity;
    }

    /** Auth by path (JSON in and out), for the endpoints that forward a call as it is. */
    public MtlsJsonClient auth() {
        return client;
    }

    /** Auth's typed calls (resources, roles, CAs, audit, recordings) over the same connection. */
    public ApiClient api() {
        return api;
    }

    /**
     * For start-up: calls auth until it answers (auth may be starting too, or the machine busy),
     * for up to two minutes, saying so in the log; a refusal (an HTTP error) is not retried.
     */
    public <T> T whenReachable(String what, Function<MtlsJsonClient, T> call) {
        return client.whenReachable(what, Duration.ofMinutes(2), LOG::warn, call);
    }

}
