package io.gatehouse.auth.sso;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.auth.websessions.WebSessionService;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.SsoDto;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.OidcConnectorSpec;
import io.gatehouse.shared.resource.Resource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.util.Map;
import java.util.function.BiFunction;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The proxy's side of SSO: the connectors it runs flows with (secrets included), and the end of a
 * flow, where auth re-verifies the ID token and logs the user in (a browser session, or
 * certificates for gate's key). Every refusal is audited as a failed user.login with the connector.
 */
@ApplicationScoped
public class SsoCompletion {
    private final Authorizer authorizer;
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final ConnectorSecrets secrets;
    private final IdTokenVerifier verifier;
    private final SsoLogin login;
    private final WebSessionService webSessions;

    public SsoCompletion(Authorizer authorizer, Mutiny.SessionFactory sessions, ResourceStore store,
            ConnectorSecrets secrets, IdTokenVerifier verifier, SsoLogin login, WebSessionService webSessions) {
        this.authorizer = authorizer;
        this.sessions = sessions;
        this.store = store;
        this.secrets = secrets;
        this.verifier = verifier;
        this.login = login;
        this.webSessions = webSessions;
    }

    public Uni<SsoDto.Connectors> connectors(Caller caller) {
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "read SSO connectors")
                .flatMap(x -> sessions.withSession(s -> store.all(s, Kind.OIDC_CONNECTOR)))
                .map(all -> new SsoDto.Connectors(all.stream().map(r -> {
                    Resource<OidcConnectorSpec> c = r.as(OidcConnectorSpec.class);
                    OidcConnectorSpec o = c.spec();
                    return new SsoDto.Connector(c.name(), o.display().isBlank() ? c.name() : o.display(),
                            o.issuerUrl(), o.clientId(), secrets.open(c), o.redirectUrl(), o.scopes(),
                            o.usernameClaim());
                }).toList()));
    }

    /** A browser session for the user the ID token names. */
    public Uni<WebSessionDto.Created> webSession(Caller caller, SsoDto.Login request) {
        KeyPair pair = Keys.generateEcdsaP256();
        return complete(caller, request, (s, connectorAndClaims) -> login.login(s, connectorAndClaims.connector,
                        connectorAndClaims.claims, pair.getPublic(), "web")
                .flatMap(certs -> webSessions.persist(s, pair, certs)));
    }

    /** Certificates for gate's key. */
    public Uni<CertsResponse> certs(Caller caller, SsoDto.Login request) {
        var key = SubjectKeys.parse(request == null ? null : request.publicKey());
        return complete(caller, request, (s, c) -> login.login(s, c.connector, c.claims, key, "cli"));
    }

    public Uni<Void> failed(Caller caller, SsoDto.Failure failure) {
        if (failure == null || failure.connector() == null) {
            throw ApiException.invalid("send {connector, reason, remote_addr}");
        }
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "report SSO failures")
                .flatMap(x -> login.failed(failure, null)).replaceWithVoid();
    }

    private record Verified(Resource<OidcConnectorSpec> connector, Map<String, Object> claims) {
    }

    private <T> Uni<T> complete(Caller caller, SsoDto.Login request,
            BiFunction<Mutiny.Session, Verified, Uni<T>> work) {
        if (request == null || request.connector() == null) {
            throw ApiException.invalid("send {connector, id_token}");
        }
        var failure = new SsoDto.Failure(request.connector(), null, request.remoteAddr());
        // Back to this request's Vert.x context for the database after the blocking verification.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "complete SSO logins")
                .flatMap(x -> sessions.withSession(s -> store.get(s, Kind.OIDC_CONNECTOR, request.connector())))
                .map(found -> found.orElseThrow(() -> ApiException.notFound("no SSO connector named '"
                        + request.connector() + "'")).as(OidcConnectorSpec.class))
                // Verifying may fetch the provider's keys over HTTP: not on the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(c -> new Verified(c, verifier.verify(c.spec(), request.idToken())))
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .flatMap(v -> sessions.withTransaction(s -> work.apply(s, v)))
                .onFailure(IdTokenVerifier.Rejected.class).recoverWithUni(e -> refuse(failure, null, e.getMessage()))
                .onFailure(SsoLogin.Refusal.class).recoverWithUni(e -> refuse(failure, ((SsoLogin.Refusal) e).user,
                        e.getMessage()));
    }

    private <T> Uni<T> refuse(SsoDto.Failure failure, String user, String why) {
        return login.failed(new SsoDto.Failure(failure.connector(), why, failure.remoteAddr()), user)
                .onFailure().recoverWithNull()
                .flatMap(x -> Uni.createFrom().failure(ApiException.accessDenied("SSO login through '"
                        + failure.connector() + "' refused: " + why)));
    }
}
