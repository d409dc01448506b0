package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.WebSessionDto;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Browser login, "who am I", logout and password change (docs/web-api.md, "Web sessions"). */
@Path("/v1/webapi/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionEndpoints {
    private final WebSessions sessions;
    private final WebCaller caller;
    private final AuthConnection connection;

    public SessionEndpoints(WebSessions sessions, WebCaller caller, AuthConnection connection) {
        this.sessions = sessions;
        this.caller = caller;
        this.connection = connection;
    }

    /** What the page learns about its session; the token is what it sends as its bearer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SessionView(String username, String token, List<String> roles, List<String> logins,
            Instant expires, long idleTimeoutSeconds, String activeRequest, Instant accessExpires) {
        static SessionView of(WebSessionDto.Session s, String token) {
            return new SessionView(s.username(), token, s.roles(), s.logins(), s.expires(), s.idleTimeoutSeconds(),
                    s.activeRequest(), s.activeRequest() == null ? null : s.accessExpires());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WebLogin(String username, String password, String totpCode) {
        @Override
        public String toString() {
            return "WebLogin[" + username + "]";
        }
    }

    @POST
    @RunOnVirtualThread
    public Response login(WebLogin request, @Context HttpServerRequest http) {
        if (request == null) {
            throw UserCaller.refusal(400, "invalid", "send {username, password, totp_code}");
        }
        return AuthForward.respond(() -> {
            WebSessionDto.Created created = sessions.login(request.username(), request.password(),
                    request.totpCode(), ClientAddress.of(http));
            long maxAge = Math.max(0, Duration.between(Instant.now(), created.session().expires()).toSeconds());
            return Response.ok(SessionView.of(created.session(), created.bearerToken()))
                    .header("Set-Cookie", cookie(created.sessionId(), maxAge)).build();
        });
    }

    @GET
    @Path("/current")
    @RunOnVirtualThread
    public SessionView current(@Context HttpServerRequest request) {
        WebSessionDto.Session session = caller.currentSession(request);
        return SessionView.of(session, session.bearerToken());
    }

    @DELETE
    @Path("/current")
    @RunOnVirtualThread
    public Response logout(@Context HttpServerRequest request) {
        WebCaller.Acting acting = caller.of(request);
        String sessionId = acting.sessionId().orElseThrow(() -> UserCaller.refusal(400, "invalid",
                "this call ends a browser session; gate logs out with gate logout"));
        return AuthForward.respond(() -> {
            sessions.end(sessionId);
            return Response.noContent().header("Set-Cookie", cookie("", 0)).build();
        });
    }

    @GET
    @Path("/active")
    @RunOnVirtualThread
    public Response active(@Context HttpServerRequest request) {
        WebCaller.Acting acting = caller.of(request);
        return AuthForward.call(() -> connection.auth().get(ApiPaths.ACTIVE_SESSIONS, JsonNode.class,
                RecordingsEndpoint.FORWARDED_CERT, acting.forwardedCert()));
    }

    public static String cookie(String value, long maxAgeSeconds) {
        return WebSessions.COOKIE + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" + maxAgeSeconds;
    }
}
