package io.gatehouse.proxy.sso;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.web.SessionEndpoints;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.SsoDto;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * SSO in the browser (docs/web-api.md "SSO"). A click on a connector's button lands on
 * {name}/login: the proxy sends the OIDC challenge (302 to the provider with state, nonce and a
 * PKCE challenge); Quarkus completes the code flow at the callback and returns here, where the
 * verified ID token goes to auth, which decides the login and creates the web session. Quarkus's
 * own session cookie is dropped at once: the proxy's web session is the only one.
 */
@Path("/v1/webapi/sso")
public class SsoEndpoints {
    static final Duration CHALLENGE_LIMIT = Duration.ofSeconds(8);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final java.net.http.HttpClient PROBE = java.net.http.HttpClient.newBuilder()
            .connectTimeout(PROBE_TIMEOUT).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConnectorButton(String name, String display) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConnectorList(List<ConnectorButton> connectors) {
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    @IdToken
    JsonWebToken idToken;
    @Inject
    OidcSession oidcSession;
    @Inject
    RoutingContext rc;
    @Inject
    SsoConnectors connectors;
    @Inject
    SsoFailures failures;
    @Inject
    AuthConnection connection;
    @Inject
    CliConsents consents;

    /** Public: the login page's buttons (no secrets: name and display only). */
    @GET
    @Path("connectors")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public ConnectorList list() {
        return new ConnectorList(connectors.all().stream().map(c -> new ConnectorButton(c.name(), c.display()))
                .toList());
    }

    @GET
    @Path("{connector}/login")
    public Uni<Response> login(@PathParam("connector") String connector) {
        String remote = String.valueOf(rc.request().remoteAddress());
        if (identity.isAnonymous()) {
            if (rc.request().getParam("cli_port") != null && CliLogin.of(rc.request().getParam("cli_port"),
                    rc.request().getParam("cli_key")).isEmpty()) {
                return Uni.createFrom().item(Response.seeOther(SsoFailures.loginPage("this gate login link is "
                        + "malformed (cli_port, cli_key); run gate login --auth=" + connector + " again")).build());
            }
            return challenge(connector, remote);
        }
        String raw = idToken.getRawToken();
        String tenant = oidcSession.getTenantId();
        // The round trip does not keep the link's query: gate's port and key came back in a cookie.
        var cli = CliLogin.fromCookie(rc.request().getCookie(CliLogin.COOKIE));
        Map<String, Object> claims = new HashMap<>();
        idToken.getClaimNames().forEach(n -> claims.put(n, idToken.getClaim(n)));
        // Auth verifies the token again and decides; the calls block, so off the event loop. A gate
        // login waits for the person's consent: the link may have come from someone else.
        return Uni.createFrom().item(() -> cli.isPresent() ? askConsent(tenant, raw, claims, cli.get(), remote)
                        : complete(tenant, raw, remote))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(response -> oidcSession.logout().replaceWith(response));
    }

    /** The consent page for a gate login back from the provider; nothing is issued yet. */
    private Response askConsent(String connector, String raw, Map<String, Object> claims, CliLogin cli,
            String remote) {
        String claim = connectors.find(connector).map(SsoDto.Connector::usernameClaim).filter(c -> !c.isBlank())
                .orElse("preferred_username");
        Object named = claims.get(claim);
        String user = named == null ? "(the provider did not send '" + claim + "')" : String.valueOf(named);
        return consents.offer(connector, raw, cli, user, remote)
                .map(token -> {
                    // Set on the Vert.x response, where WebUiRoutes put the UI's policies, so that they replace them.
                    rc.response().headers().set("Content-Security-Policy", CliConsentPage.csp(cli));
                    // With no-referrer the browser posts the form with "Origin: null" (Fetch, serializing
                    // a request origin); same-origin keeps the real Origin on this post and still sends
                    // nothing to other sites.
                    rc.response().headers().set("Referrer-Policy", "same-origin");
                    return CliConsentPage.render(cli, user, connector, token);
                })
                .orElseGet(() -> CliLogin.withoutCookie(cli.refused("too many sign-ins are waiting for consent at "
                        + "this proxy; try again in a few minutes")));
    }

    /**
     * The person's answer on the consent page. Same-origin only (the Origin header), and the form's
     * one-time token must be the one the __Host- cookie is bound to: another site can neither post
     * this nor replay it.
     */
    @POST
    @Path("consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Blocking
    public Response consent(@FormParam("token") String token, @FormParam("decision") String decision) {
        String remote = String.valueOf(rc.request().remoteAddress());
        var cookie = rc.request().getCookie(CliLogin.COOKIE);
        if (!fromThisOrigin()) {
            failures.report("(gate login)", "a gate login consent was posted from another origin ("
                    + rc.request().getHeader("Origin") + "); refused", remote);
            // The cookie stays: another site must not be able to end the person's pending sign-in either.
            return plain(403, "Gatehouse: this consent did not come from this proxy's own page; nothing was issued.")
                    .build();
        }
        var pending = CliLogin.fromCookie(cookie).flatMap(c -> consents.take(token, CliLogin.consentTokenOf(cookie)
                .orElse(null), c));
        if (pending.isEmpty()) {
            return plain(403, "Gatehouse: this sign-in expired or was already answered; nothing was issued. Run "
                    + "gate login --auth=... again.").header("Set-Cookie", CliLogin.CLEARED).build();
        }
        CliConsents.Pending p = pending.get();
        if (!"allow".equals(decision)) {
            failures.report(p.connector(), "the user cancelled a gate login for " + p.user() + " at "
                    + p.cli().clientAddress(), remote);
            return CliLogin.withoutCookie(p.cli().refused("you cancelled the sign-in in the browser"));
        }
        return CliLogin.withoutCookie(p.cli().complete(connection, p.connector(), p.rawIdToken(), remote));
    }

    /**
     * The Origin header names this proxy; where a browser sent "null" (a no-referrer policy), its
     * Sec-Fetch-Site, which no page can set, must say same-origin.
     */
    private boolean fromThisOrigin() {
        String origin = rc.request().getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return "same-origin".equals(rc.request().getHeader("Sec-Fetch-Site"));
        }
        // HTTP/2 (what browsers speak over TLS) has no Host header, only :authority.
        var authority = rc.request().authority();
        String host = authority == null ? rc.request().getHeader("Host")
                : authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
        return io.gatehouse.proxy.browser.BrowserSocketGate.sameOrigin(origin, host);
    }

    private static Response.ResponseBuilder plain(int status, String text) {
        return Response.status(status).type("text/plain; charset=utf-8").entity(text).header("Cache-Control",
                "no-store");
    }

    /** The callback reached without a login in progress in this browser (no state cookie). */
    @GET
    @Path("callback")
    public Response callback() {
        String why = "the sign-in could not be completed: no login was in progress in this browser (expired, or "
                + "started elsewhere); start again from the login page";
        failures.report("(unknown)", why, String.valueOf(rc.request().remoteAddress()));
        return Response.seeOther(SsoFailures.loginPage(why)).build();
    }

    /** The provider answered error=... (the user cancelled, or the provider refused). */
    @GET
    @Path("{connector}/error")
    public Response error(@PathParam("connector") String connector, @QueryParam("error") String error,
            @QueryParam("error_description") String description) {
        String why = "the identity provider refused the sign-in: " + (description != null && !description.isBlank()
                ? description : String.valueOf(error));
        failures.report(connector, why, String.valueOf(rc.request().remoteAddress()));
        return Response.seeOther(SsoFailures.loginPage(why)).build();
    }

    /**
     * The OIDC challenge, sent here rather than by Quarkus's exception mapper, so that a provider
     * that is down (discovery fails or times out) becomes the login page with a message.
     */
    private Uni<Response> challenge(String connector, String remote) {
        HttpAuthenticator authenticator = rc.get(HttpAuthenticator.class.getName());
        if (authenticator == null || !connector.matches(SsoTenantResolver.NAME)) {
            return Uni.createFrom().item(Response.seeOther(SsoFailures.loginPage("there is no SSO connector named '"
                    + connector + "'")).build());
        }
        // Once a tenant has been used, Quarkus redirects without contacting the provider: a provider
        // that went down since would leave the user on a browser error page. Ask it first.
        Uni<Boolean> up = Uni.createFrom().item(() -> connectors.find(connector).map(SsoEndpoints::answers)
                .orElse(true)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return up.emitOn(task -> context.runOnContext(v -> task.run())).flatMap(answers -> answers
                ? authenticator.getChallenge(rc) : Uni.createFrom().failure(new java.net.ConnectException(
                        "provider does not answer")))
                .ifNoItem().after(CHALLENGE_LIMIT).fail()
                .map(data -> {
                    if (data == null) {
                        return Response.seeOther(SsoFailures.loginPage("there is no SSO connector named '"
                                + connector + "'")).build();
                    }
                    var response = Response.status(data.status);
                    data.getHeaders().forEach((k, v) -> response.header(k.toString(), v));
                    // A gate login carries gate's port and key through the round trip; any other
                    // login clears what an abandoned gate login may have left.
                    var cli = CliLogin.of(rc.request().getParam("cli_port"), rc.request().getParam("cli_key"));
                    // Added to the Vert.x response, beside Quarkus's state cookie (not replacing it).
                    rc.response().headers().add("Set-Cookie", cli.map(CliLogin::cookie).orElse(CliLogin.CLEARED));
                    return response.build();
                })
                .onFailure().recoverWithItem(t -> {
                    String why = "the identity provider of '" + connector + "' is not reachable right now; try again "
                            + "later or log in with your password";
                    failures.report(connector, why + " [" + t.getClass().getSimpleName() + "]", remote);
                    // gate is waiting on its loopback port: tell it, rather than leave it waiting.
                    var cli = CliLogin.of(rc.request().getParam("cli_port"), rc.request().getParam("cli_key"));
                    return cli.map(c -> c.refused(why)).orElseGet(() -> Response.seeOther(SsoFailures.loginPage(why))
                            .build());
                });
    }

    /** Whether the provider's discovery document answers within a few seconds. */
    static boolean answers(SsoDto.Connector c) {
        URI discovery = URI.create(c.issuerUrl().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            return PROBE.send(java.net.http.HttpRequest.newBuilder(discovery).timeout(PROBE_TIMEOUT).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Response complete(String connector, String rawIdToken, String remote) {
        try {
            WebSessionDto.Created created = connection.auth().post(ApiPaths.SSO_WEB_SESSIONS,
                    new SsoDto.Login(connector, rawIdToken, null, remote), WebSessionDto.Created.class);
            long maxAge = Math.max(0, Duration.between(Instant.now(), created.session().expires()).toSeconds());
            return Response.seeOther(URI.create("/web/resources")).header("Set-Cookie",
                    SessionEndpoints.cookie(created.sessionId(), maxAge)).header("Cache-Control", "no-store").build();
        } catch (AuthCallException e) {
            // Auth audited the refusal itself; the person gets its message.
            String why = e.status() == 0 ? "the proxy cannot reach the auth service right now; retry shortly"
                    : e.getMessage();
            return Response.seeOther(SsoFailures.loginPage(why)).build();
        }
    }
}
