package io.gatehouse.shared.cert;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A host's identity that can be replaced while the process runs (certificate renewal). The TLS
 * context it hands out presents whichever certificate is current at each new handshake, so a
 * client built once keeps working across renewals; other holders subscribe with onRenewal.
 */
public final class RenewableIdentity {
    private record Current(IdentityFile identity, X509ExtendedKeyManager keys) {
    }

    private final AtomicReference<Current> current;
    private final List<Consumer<IdentityFile>> listeners = new ArrayList<>();

    public RenewableIdentity(IdentityFile initial) {
        current = new AtomicReference<>(new Current(initial, keyManager(initial)));
    }

    public IdentityFile current() {
        return current.get().identity();
    }

    /** Called (in order of subscription) after each renewal with the new identity. */
    public synchronized void onRenewal(Consumer<IdentityFile> listener) {
        listeners.add(listener);
    }

    public void replace(IdentityFile renewed) {
        current.set(new Current(renewed, keyManager(renewed)));
        List<Consumer<IdentityFile>> copy;
        synchronized (this) {
            copy = List.copyOf(listeners);
        }
        copy.forEach(l -> l.accept(renewed));
    }

    /**
     * Mutual TLS as the current identity, trusting a server of the cluster CAs of the first one
     * only if it holds {@code peerRole} (PeerRoleTrust).
     */
    public SSLContext sslContext(String peerRole) {
        try {
            KeyStore trust = current().trustStore();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {new Delegating()}, PeerRoleTrust.requiring(peerRole, trust),
                    null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS client from the identity: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedKeyManager keyManager(IdentityFile identity) {
        try {
            return (X509ExtendedKeyManager) identity.keyManagers()[0];
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the identity's key and certificate: " + e.getMessage(), e);
        }
    }

    /** Looks up the current key manager at every call, i.e. at every handshake. */
    private final class Delegating extends X509ExtendedKeyManager {
        private X509ExtendedKeyManager keys() {
            return current.get().keys();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys().getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return keys().chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return keys().chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys().getPrivateKey(alias);
        }
    }
}
