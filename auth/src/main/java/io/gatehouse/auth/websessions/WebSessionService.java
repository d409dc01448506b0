package io.gatehouse.auth.websessions;

import io.gatehouse.auth.accessrequest.AccessRequestService;
import io.gatehouse.auth.accessrequest.RequestAssumption;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.auth.identity.Secrets;
import io.gatehouse.auth.login.LoginService;
import io.gatehouse.auth.login.LoginSource;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.resource.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Browser sessions (DESIGN.md "Browser sessions"). Login is the ordinary password + TOTP login
 * (same lockout, same audit) for a key pair generated here; the session keeps that key sealed
 * and hands the proxy two secrets: the session id (the browser's cookie) and the bearer token
 * (the page's CSRF defence). Only the proxy may call any of this.
 */
@ApplicationScoped
public class WebSessionService {
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final LoginService login;
    private final ResourceStore store;
    private final CertificateAuthorities cas;
    private final AuditLog audit;
    private final GatehouseConfig config;
    private final Clock clock;
    private final AccessRequestService requests;
    private final RequestAssumption assumption;

    public WebSessionService(Mutiny.SessionFactory sessions, Authorizer authorizer, LoginService login,
            ResourceStore store, CertificateAuthorities cas, AuditLog audit, GatehouseConfig config, Clock clock,
            AccessRequestService requests, RequestAssumption assumption) {
        this.requests = requests;
        this.assumption = assumption;
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.login = login;
        this.store = store;
        this.cas = cas;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    public Uni<WebSessionDto.Created> create(Caller caller, LoginSource source, LoginRequest request) {
        KeyPair pair = Keys.generateEcdsaP256();
        LoginRequest forKey = new LoginRequest(request.username(), request.password(), request.totpCode(),
                Keys.toOpenSshPublicKey(pair.getPublic()), null);
        return login.login(caller, source, forKey).flatMap(certs -> {
            String id = Secrets.newToken();
            String bearer = Secrets.newToken();
            WebSessionRow row = row(id, bearer, pair, certs);
            return sessions.withTransaction(s -> s.persist(row)).replaceWith(() -> new WebSessionDto.Created(id,
                    bearer, dto(row, false, false)));
        });
    }

    /**
     * A session for certificates already issued for {@code pair} (an SSO login, decided elsewhere),
     * stored in the caller's transaction.
     */
    public Uni<WebSessionDto.Created> persist(Mutiny.Session s, KeyPair pair, CertsResponse certs) {
        String id = Secrets.newToken();
        String bearer = Secrets.newToken();
        WebSessionRow row = row(id, bearer, pair, certs);
        return s.persist(row).replaceWith(() -> new WebSessionDto.Created(id, bearer, dto(row, false, false)));
    }

    /** A live session, or a refusal saying why it is not one (the proxy passes the message on). */
    public Uni<WebSessionDto.Session> lookup(Caller caller, WebSessionDto.Lookup request) {
        String idHash = Secrets.sha256Hex(nonNull(request.sessionId()));
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "look up web sessions")
                .flatMap(x -> sessions.withTransaction(s -> s.find(WebSessionRow.class, idHash).flatMap(row -> {
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    ApiException refusal = refusal(row, request, now);
                    if (refusal != null) {
                        return Uni.createFrom().failure(refusal);
                    }
                    // A user deleted since login loses the browser session too.
                    return store.get(s, Kind.USER, row.username).flatMap(user -> {
                        if (user.isEmpty()) {
                            return Uni.createFrom().failure(new ApiException(401, "session_expired",
                                    "user '" + row.username + "' no longer exists; this web session has ended"));
                        }
                        row.lastActive = now;
                        dropEndedRequest(row, now);
                        return Uni.createFrom().item(dto(row, request.includeKey(),
                                request.includeBearer()));
                    });
                })));
    }

    private ApiException refusal(WebSessionRow row, WebSessionDto.Lookup request, OffsetDateTime now) {
        if (row == null) {
            return new ApiException(401, "session_expired",
                    "you are not logged in (or your web session ended: logged out or expired); log in again");
        }
        if (!row.expiresAt.isAfter(now)) {
            return new ApiException(401, "session_expired", "your web session expired at "
                    + row.expiresAt.withNano(0) + "; log in again");
        }
        if (!row.lastActive.plus(config.auth().webIdleTimeout()).isAfter(now)) {
            return new ApiException(401, "session_expired", "your web session ended after "
                    + config.auth().webIdleTimeout().toMinutes() + " minutes without activity; log in again");
        }
        if (request.requireBearer() && !sameHash(row.bearerHash, request.bearerToken())) {
            return ApiException.accessDenied("this call must carry the session's bearer token "
                    + "(Authorization: Bearer ...), which only the Gatehouse page has; reload the page");
        }
        return null;
    }

    /**
     * The session takes an approved access request's roles (new certificates for its own key, ending
     * with the request), or with no request id returns to the user's own certificates.
     */
    public Uni<WebSessionDto.Session> assume(Caller caller, WebSessionDto.Assume request) {
        String idHash = Secrets.sha256Hex(nonNull(request.sessionId()));
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "change web sessions")
                .flatMap(x -> requests.inTransaction(s -> s.find(WebSessionRow.class, idHash).flatMap(row -> {
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    ApiException refusal = refusal(row, new WebSessionDto.Lookup(request.sessionId(),
                            request.bearerToken(), true, false, false), now);
                    if (refusal != null) {
                        return Uni.createFrom().failure(refusal);
                    }
                    row.lastActive = now;
                    if (request.requestId() == null || request.requestId().isBlank()) {
                        dropRequest(row);
                        return Uni.createFrom().item(dto(row, false, false));
                    }
                    var key = Keys.parseCertificatePem(row.baseTlsCert == null ? row.tlsCert : row.baseTlsCert)
                            .getPublicKey();
                    return assumption.assume(s, row.username, request.requestId(), key, "web").map(certs -> {
                        if (row.baseTlsCert == null) {
                            row.baseTlsCert = row.tlsCert;
                            row.baseSshCert = row.sshCert;
                        }
                        row.tlsCert = certs.tlsCertificate();
                        row.sshCert = certs.sshCertificate();
                        return dto(row, false, false);
                    });
                })));
    }

    /** Back to the user's own certificates once the assumed request's have expired. */
    private static void dropEndedRequest(WebSessionRow row, OffsetDateTime now) {
        if (row.baseTlsCert != null && !Keys.parseCertificatePem(row.tlsCert).getNotAfter().toInstant()
                .isAfter(now.toInstant())) {
            dropRequest(row);
        }
    }

    private static void dropRequest(WebSessionRow row) {
        if (row.baseTlsCert != null) {
            row.tlsCert = row.baseTlsCert;
            row.sshCert = row.baseSshCert;
            row.baseTlsCert = null;
            row.baseSshCert = null;
        }
    }

    /** Logout: the row goes, so every proxy's next lookup fails; idempotent. */
    public Uni<Void> end(Caller caller, WebSessionDto.End request) {
        String idHash = Secrets.sha256Hex(nonNull(request.sessionId()));
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "end web sessions")
                .flatMap(x -> sessions.withTransaction(s -> s.find(WebSessionRow.class, idHash).flatMap(row -> {
                    if (row == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return s.remove(row).flatMap(v -> audit.record(s, AuditEvent.success(EventType.USER_LOGOUT,
                            row.username, "user/" + row.username, Map.of("method", "web"))));
                })));
    }

    /** Every web session of a user ends (a password change, a completed reset link). */
    public static Uni<Integer> endAllOf(Mutiny.Session s, String username) {
        return s.createMutationQuery("delete from WebSessionRow where username = :u").setParameter("u", username)
                .executeUpdate();
    }

    /** Expired and idle rows are useless; they are removed every few minutes. */
    public Uni<Integer> purge() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return sessions.withTransaction(s -> s.createMutationQuery(
                        "delete from WebSessionRow where expiresAt <= :now or lastActive <= :idle")
                .setParameter("now", now).setParameter("idle", now.minus(config.auth().webIdleTimeout()))
                .executeUpdate());
    }

    private WebSessionRow row(String id, String bearer, KeyPair pair, CertsResponse certs) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        WebSessionRow row = new WebSessionRow();
        row.idHash = Secrets.sha256Hex(id);
        row.username = certs.username();
        row.bearerHash = Secrets.sha256Hex(bearer);
        row.bearerEnc = cas.kek().encrypt(bearer.getBytes(StandardCharsets.UTF_8), bearerPurpose(row.idHash));
        row.privateKeyEnc = cas.kek().encrypt(Keys.privateKeyToPem(pair.getPrivate())
                .getBytes(StandardCharsets.UTF_8), purpose(row.idHash));
        row.sshCert = certs.sshCertificate();
        row.tlsCert = certs.tlsCertificate();
        row.createdAt = now;
        row.lastActive = now;
        row.expiresAt = certs.expires().atOffset(ZoneOffset.UTC);
        return row;
    }

    private WebSessionDto.Session dto(WebSessionRow row, boolean includeKey, boolean includeBearer) {
        UserIdentity identity = IdentityCodec.userFromX509(Keys.parseCertificatePem(row.tlsCert));
        String key = includeKey ? open(row, row.privateKeyEnc, purpose(row.idHash)) : null;
        String bearer = includeBearer ? open(row, row.bearerEnc, bearerPurpose(row.idHash)) : null;
        return new WebSessionDto.Session(row.username, identity.roles(), identity.logins(),
                row.expiresAt.toInstant(), config.auth().webIdleTimeout().toSeconds(), row.tlsCert, row.sshCert, key,
                bearer, identity.activeRequest().orElse(null), identity.expires());
    }

    private String open(WebSessionRow row, byte[] sealed, String purpose) {
        try {
            return new String(cas.kek().decrypt(sealed, purpose), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new ApiException(500, "internal", "the secrets of " + row.username + "'s web session cannot be "
                    + "decrypted with this auth's key-encryption key; log in again");
        }
    }

    private static String bearerPurpose(String idHash) {
        return "gatehouse-web-bearer:" + idHash;
    }

    private static boolean sameHash(String storedHex, String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(storedHex.getBytes(StandardCharsets.US_ASCII),
                Secrets.sha256Hex(token).getBytes(StandardCharsets.US_ASCII));
    }

    private static String purpose(String idHash) {
        return "gatehouse-web-session:" + idHash;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
