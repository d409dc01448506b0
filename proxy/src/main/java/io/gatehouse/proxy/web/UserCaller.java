package io.gatehouse.proxy.web;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The user behind a request that carries a client certificate (what `gate` sends): TLS already
 * verified the chain against the cluster CAs; here it must be a user certificate, from the user
 * CA, and still valid (a kept-alive connection can outlive its certificate).
 */
@Singleton
public class UserCaller {
    private final AuthConnection connection;
    private volatile List<X509Certificate> userCas;

    public UserCaller(AuthConnection connection) {
        this.connection = connection;
    }

    public UserIdentity of(HttpServerRequest request) {
        X509Certificate cert = clientCertificate(request).orElseThrow(() -> refusal(401, "unauthenticated",
                "this call needs your certificate: log in with gate login"));
        return of(cert);
    }

    /** The certificate `gate` presented in this TLS connection, if any (browsers present none). */
    public static java.util.Optional<X509Certificate> clientCertificate(HttpServerRequest request) {
        try {
            Certificate[] chain = request.sslSession() == null ? null : request.sslSession().getPeerCertificates();
            return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate cert
                    ? java.util.Optional.of(cert) : java.util.Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return java.util.Optional.empty();
        }
    }

    /** A user certificate of this cluster, still valid, or a refusal. */
    public UserIdentity of(X509Certificate cert) {
        if (IdentityCodec.isHostCertificate(cert) || !issuedByUserCa(cert)) {
            throw refusal(403, "access_denied", "only user certificates of this cluster may call this");
        }
        UserIdentity user = IdentityCodec.userFromX509(cert);
        if (!user.expires().isAfter(Instant.now())) {
            throw refusal(401, "expired", "your certificate expired at " + user.expires() + ": log in again");
        }
        return user;
    }

    private boolean issuedByUserCa(X509Certificate cert) {
        for (X509Certificate ca : userCas()) {
            try {
                cert.verify(ca.getPublicKey());
                return true;
            } catch (Exception e) {
                // not this CA
            }
        }
        return false;
    }

    private List<X509Certificate> userCas() {
        if (userCas == null) {
            userCas = connection.api().ca("user").tlsCertificates().stream()
                    .flatMap(pem -> Keys.parseCertificatesPem(pem).stream()).toList();
        }
        return userCas;
    }

    static WebApplicationException refusal(int status, String code, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError.Envelope(ApiError.of(code, message))).build());
    }
}
