package io.gatehouse.shared.cert;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS client's trust in a cluster server: the chain must lead to a cluster CA (PKIX, host name
 * checked by the caller's TLS stack) AND the server's certificate must carry the system role the
 * client expects on the other end. Every host certificate comes from the same host CA, so without
 * the role check a node's certificate would pass for auth's or a proxy's wherever its names match.
 */
public final class PeerRoleTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final String role;

    private PeerRoleTrust(X509ExtendedTrustManager pkix, String role) {
        this.pkix = pkix;
        this.role = role;
    }

    /** Trust managers for a client that must reach a server holding {@code systemRole}. */
    public static TrustManager[] requiring(String systemRole, KeyStore clusterCas) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(clusterCas);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return new TrustManager[] {new PeerRoleTrust(x, systemRole)};
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /** Why {@code leaf} may not act as {@code systemRole}, or null when it may. */
    public static String problem(X509Certificate leaf, String systemRole) {
        if (!IdentityCodec.isHostCertificate(leaf)) {
            return "the server's certificate (" + leaf.getSubjectX500Principal().getName() + ") names no system role;"
                    + " a " + systemRole + " of this cluster presents one that does";
        }
        List<String> roles = IdentityCodec.hostFromX509(leaf).systemRoles();
        if (!roles.contains(systemRole)) {
            return "the server presents the certificate of a host with system roles " + roles + ", not '"
                    + systemRole + "': it is not this cluster's " + systemRole + " (check the address you dialled)";
        }
        return null;
    }

    private void requireRole(X509Certificate[] chain) throws CertificateException {
        String problem = chain == null || chain.length == 0 ? "the server sent no certificate" : problem(chain[0], role);
        if (problem != null) {
            throw new CertificateException(problem);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        requireRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        requireRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        requireRole(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
