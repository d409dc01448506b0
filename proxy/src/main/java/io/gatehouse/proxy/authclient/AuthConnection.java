package io.gatehouse.proxy.authclient;

import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.IdentityFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The proxy's mutual-TLS connection to auth, with its own host identity. */
@ApplicationScoped
public class AuthConnection {
    private final IdentityFile identity;
    private final MtlsJsonClient client;

    public AuthConnection(ProxyConfig config) {
        try {
            this.identity = IdentityFile.read(config.identityPath());
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy's identity file " + config.identityPath() + " cannot be read ("
                    + e.getMessage() + "); create one with gatectl auth sign --host=proxy --roles=proxy "
                    + "--format=identity --out=" + config.identityPath(), e);
        }
        this.client = new MtlsJsonClient(identity.sslContext(), config.authAddr());
    }

    public IdentityFile identity() {
        return identity;
    }

    public MtlsJsonClient auth() {
        return client;
    }
}
