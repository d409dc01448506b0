package io.gatehouse.auth.api;

import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.IdentityCodec;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Turns the TLS client certificate into a Caller. TLS already proved the chain ends at the user
 * or the host CA; here we check WHICH one, because a user certificate must come from the user CA
 * and a host identity from the host CA — otherwise a host cert could claim to be a user.
 */
public final class CallerIdentityFilter {
    private static final Logger LOG = Logger.getLogger(CallerIdentityFilter.class);

    private final CertificateAuthorities cas;
    private final CurrentCaller current;

    public CallerIdentityFilter(CertificateAuthorities cas, CurrentCaller current) {
        this.cas = cas;
        this.current = current;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(HttpServerRequest request) {
        Optional<X509Certificate> leaf = clientCertificate(request.sslSession());
        if (leaf.isEmpty()) {
            return deny("this API requires a client certificate issued by the cluster");
        }
        X509Certificate cert = leaf.get();
        try {
            if (IdentityCodec.isHostCertificate(cert)) {
                cert.verify(cas.get(CaType.HOST).keyPair().getPublic());
                current.set(new Caller.Host(IdentityCodec.hostFromX509(cert)));
            } else {
                cert.verify(cas.get(CaType.USER).keyPair().getPublic());
                current.set(new Caller.User(IdentityCodec.userFromX509(cert)));
            }
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            LOG.warnf("refused client certificate %s: not signed by the CA its kind requires",
                    cert.getSubjectX500Principal().getName());
            return deny("the client certificate is not signed by the certificate authority its identity requires");
        } catch (RuntimeException e) {
            LOG.warnf("refused unreadable client certificate %s: %s", cert.getSubjectX500Principal().getName(),
                    e.getMessage());
            return deny("the client certificate does not carry a readable Gatehouse identity");
        }
    }

    private static Optional<X509Certificate> clientCertificate(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static Optional<Response> deny(String message) {
        return Optional.of(Response.status(401).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError.Envelope(ApiError.of("unauthenticated", message))).build());
    }
}
