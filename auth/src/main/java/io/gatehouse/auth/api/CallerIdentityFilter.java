package io.gatehouse.auth.api;


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
    private static final String SESSION_KEY = "gatehouse.caller";
    /** Header carrying a user's certificate (base64 DER) that a proxy acts for. */
    public static final String FORWARDED_CERT = "Gatehouse-Forwarded-User-Cert";

    private final CaCertificates cas;
    private final CurrentCaller current;
    private final java.time.Clock clock;

    public CallerIdentityFilter(CaCertificates cas, CurrentCaller current, java.time.Clock clock) {
        this.cas = cas;
        this.current = current;
        this.clock = clock;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(HttpServerRequest request) {
        SSLSession session = request.sslSession();
        if (session != null && session.getValue(SESSION_KEY) instanceof Caller cached) {
            // A keep-alive connection can outlive its certificate: check expiry on every request.
            if (!cached.expires().isAfter(clock.instant())) {
                session.removeValue(SESSION_KEY);
                return deny("the client certificate expired at " + cached.expires() + "; get a new one");
            }
            return actAs(request, cached);
        }
        Optional<X509Certificate> leaf = clientCertificate(session);
        if (leaf.isEmpty()) {
            return deny("this API requires a client certificate issued by the cluster");
        }
        X509Certificate cert = leaf.get();
        try {
            Caller caller = identify(cert);
            // One TLS session = one verified certificate: keep-alive requests reuse the decoded caller.
            session.putValue(SESSION_KEY, caller);
            return actAs(request, caller);
        } catch (GeneralSecurityException e) {
            LOG.warnf("refused client certificate %s: %s", cert.getSubjectX500Principal().getName(), e.getMessage());
            return deny("the client certificate is not signed by the certificate authority its identity requires");
        } catch (RuntimeException e) {
            LOG.warnf("refused unreadable client certificate %s: %s", cert.getSubjectX500Principal().getName(),
                    e.getMessage());
            return deny("the client certificate does not carry a readable Gatehouse identity");
        }
    }

    /**
     * A proxy acts for the user whose certificate the user presented to it over TLS (gate's calls
     * through the proxy), by forwarding that certificate in {@link #FORWARDED_CERT}. Only a caller
     * with the proxy system role may; the certificate is verified here like a direct one (user CA
     * signature, validity), since this TLS handshake never saw it.
     */
    private Optional<Response> actAs(HttpServerRequest request, Caller caller) {
        String forwarded = request.getHeader(FORWARDED_CERT);
        if (forwarded == null) {
            current.set(caller);
            return Optional.empty();
        }
        if (!(caller instanceof Caller.Host h) || !h.has(Authorizer.PROXY)) {
            return deny("only a proxy may act for a user");
        }
        try {
            X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder()
                            .decode(forwarded)));
            if (IdentityCodec.isHostCertificate(cert)) {
                return deny("a proxy may act only for users");
            }
            X509Certificate userCa = cas.tlsCertificate(CaType.USER);
            cert.verify(userCa.getPublicKey());
            cert.checkValidity(java.util.Date.from(clock.instant()));
            current.set(new Caller.User(IdentityCodec.userFromX509(cert)));
            return Optional.empty();
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            LOG.warnf("proxy %s forwarded an unacceptable user certificate: %s", caller.name(), e.getMessage());
            return deny("the forwarded user certificate is not valid (expired, or not from this cluster's user CA)");
        }
    }

    /**
     * The TLS handshake already validated the chain (signature, validity) against the trust store,
     * which holds exactly the user CA and the host CA; the issuer name then tells which one of the
     * two signed it, so no second signature check is needed here.
     */
    private Caller identify(X509Certificate cert) throws GeneralSecurityException {
        boolean host = IdentityCodec.isHostCertificate(cert);
        X509Certificate expected = cas.tlsCertificate(host ? CaType.HOST : CaType.USER);
        if (!cert.getIssuerX500Principal().equals(expected.getSubjectX500Principal())) {
            throw new GeneralSecurityException("a " + (host ? "host" : "user") + " identity issued by "
                    + cert.getIssuerX500Principal().getName());
        }
        return host ? new Caller.Host(IdentityCodec.hostFromX509(cert))
                : new Caller.User(IdentityCodec.userFromX509(cert));
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
