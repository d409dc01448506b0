package io.gatehouse.rdp.transport;

import io.gatehouse.rdp.ServerTrust;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side of a TLS trust manager, deciding by {@link ServerTrust}. Extended, so that the
 * JDK adds no host-name check of its own: pinning has no name to check, and the CA check asks the
 * JDK for one explicitly. A refusal is an {@link UntrustedCertificateException} whose message is
 * for a person.
 */
abstract sealed class ServerCertificateCheck extends X509ExtendedTrustManager {
    /** "the desktop at HOST:PORT", for messages. */
    protected final String where;

    private ServerCertificateCheck(String where) {
        this.where = where;
    }

    static ServerCertificateCheck of(ServerTrust trust, String where, String serverName) throws GeneralSecurityException {
        return switch (trust) {
            case ServerTrust.Pinned p -> new Pinned(p, where);
            case ServerTrust.CertificateAuthority ca -> new Authority(ca, where, serverName);
            case ServerTrust.InsecureSkipVerify i -> new AnyCertificate(where);
        };
    }

    /** {@code socket} is the handshaking SSLSocket (it carries the name to check), or null. */
    abstract void check(X509Certificate[] chain, String authType, Socket socket) throws CertificateException;

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new UntrustedCertificateException(where + " presented no TLS certificate; the password was not sent");
        }
        check(chain, authType, socket);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType, (Socket) null);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServerTrusted(chain, authType, (Socket) null);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("client side only");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("client side only");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("client side only");
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** The leaf's SHA-256 fingerprint is pinned; dates and issuer do not matter (RDP certificates are mostly self-signed). */
    private static final class Pinned extends ServerCertificateCheck {
        private final ServerTrust.Pinned pins;

        Pinned(ServerTrust.Pinned pins, String where) {
            super(where);
            this.pins = pins;
        }

        @Override
        void check(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            if (!pins.matches(chain[0])) {
                throw new UntrustedCertificateException(where + " presented a TLS certificate with fingerprint "
                        + ServerTrust.fingerprint(chain[0]) + ", which is not the fingerprint pinned for it; the"
                        + " password was not sent. If the desktop's certificate was replaced on purpose, pin the new"
                        + " one (openssl x509 -noout -fingerprint -sha256 -in CERT, on the desktop); otherwise"
                        + " something may be intercepting the connection");
            }
        }
    }

    /** PKIX to the configured anchors, then the JDK's HTTPS host-name rules against the expected name. */
    private static final class Authority extends ServerCertificateCheck {
        private final X509ExtendedTrustManager pkix;
        private final String serverName;

        Authority(ServerTrust.CertificateAuthority ca, String where, String serverName) throws GeneralSecurityException {
            super(where);
            this.serverName = serverName;
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                anchors.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException("empty key store: " + e.getMessage(), e);
            }
            for (int i = 0; i < ca.anchors().size(); i++) {
                anchors.setCertificateEntry("ca-" + i, ca.anchors().get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            X509ExtendedTrustManager found = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    found = x;
                }
            }
            if (found == null) {
                throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
            }
            this.pkix = found;
        }

        @Override
        void check(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new UntrustedCertificateException(where + " presented a TLS certificate ("
                        + chain[0].getSubjectX500Principal().getName() + ") that is not issued by the certificate"
                        + " authority configured for it (" + e.getMessage() + "); the password was not sent", e);
            }
            if (socket == null) {
                throw new UntrustedCertificateException(where + ": cannot check the name in its certificate");
            }
            try {
                pkix.checkServerTrusted(chain, authType, socket); // with the socket: the host-name check too
            } catch (CertificateException e) {
                throw new UntrustedCertificateException(where + " presented a certificate from the configured"
                        + " authority, but not for the name '" + serverName + "' (" + e.getMessage() + "); the"
                        + " password was not sent. If the desktop is reached by another name than its certificate's,"
                        + " set the name the certificate holds as the desktop's server name", e);
            }
        }
    }

    /** Trusts whatever the server presents. The engine warns on every connection that uses it. */
    private static final class AnyCertificate extends ServerCertificateCheck {
        AnyCertificate(String where) {
            super(where);
        }

        @Override
        void check(X509Certificate[] chain, String authType, Socket socket) {
        }
    }
}
