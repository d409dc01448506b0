package io.gatehouse.proxy.web;

import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

/**
 * Who a web API call acts for: `gate` proves it with its client certificate in the TLS handshake;
 * a browser with the session cookie plus the page's bearer token. Cookie alone is refused (a
 * cross-site form can make the browser send the cookie, never the header).
 */
@Singleton
public class WebCaller {
    private static final String BEARER = "Bearer ";

    /** The user, the certificate to forward to auth as them, and the browser session if that is how. */
    public record Acting(UserIdentity user, String forwardedCert, Optional<String> sessionId) {
        @Override
        public String toString() {
            return "Acting[" + user.username() + "]";
        }
    }

    private final UserCaller certificates;
    private final WebSessions sessions;

    public WebCaller(UserCaller certificates, WebSessions sessions) {
        this.certificates = certificates;
        this.sessions = sessions;
    }

    public Acting of(HttpServerRequest request) {
        Optional<X509Certificate> presented = UserCaller.clientCertificate(request);
        if (presented.isPresent()) {
            return acting(certificates.of(presented.get()), presented.get(), Optional.empty());
        }
        String sessionId = sessionId(request).orElseThrow(() -> UserCaller.refusal(401, "unauthenticated",
                "you are not logged in: log in with your password and second factor"));
        WebSessionDto.Session session = lookup(sessionId, bearer(request), true, false, false);
        return acting(session, sessionId);
    }

    /** A session's own details (the page's "who am I" after a reload): the cookie alone suffices. */
    public WebSessionDto.Session currentSession(HttpServerRequest request) {
        String sessionId = sessionId(request).orElseThrow(() -> UserCaller.refusal(401, "unauthenticated",
                "you are not logged in: log in with your password and second factor"));
        return lookup(sessionId, null, false, false, true);
    }

    public WebSessionDto.Session lookup(String sessionId, String bearer, boolean requireBearer, boolean includeKey,
            boolean includeBearer) {
        try {
            return sessions.lookup(sessionId, bearer, requireBearer, includeKey, includeBearer);
        } catch (AuthCallException e) {
            if (e.status() == 0) {
                throw UserCaller.refusal(503, "unavailable", "the proxy cannot reach the auth service right now; "
                        + "retry shortly");
            }
            throw UserCaller.refusal(e.status(), e.code(), e.getMessage());
        }
    }

    public static Acting acting(WebSessionDto.Session session, String sessionId) {
        X509Certificate cert = Keys.parseCertificatePem(session.tlsCertificate());
        return acting(IdentityCodec.userFromX509(cert), cert, Optional.of(sessionId));
    }

    private static Acting acting(UserIdentity user, X509Certificate cert, Optional<String> sessionId) {
        try {
            return new Acting(user, Base64.getEncoder().encodeToString(cert.getEncoded()), sessionId);
        } catch (CertificateEncodingException e) {
            throw UserCaller.refusal(500, "internal", "the certificate of " + user.username() + " cannot be encoded");
        }
    }

    public static Optional<String> sessionId(HttpServerRequest request) {
        Cookie cookie = request.getCookie(WebSessions.COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty() : Optional.of(cookie.getValue());
    }

    static String bearer(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : null;
    }
}
