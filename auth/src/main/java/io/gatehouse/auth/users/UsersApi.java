package io.gatehouse.auth.users;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.auth.login.LoginService;
import io.gatehouse.auth.login.LoginSource;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.CompleteInviteRequest;
import io.gatehouse.shared.api.CreateUserRequest;
import io.gatehouse.shared.api.InviteInfo;
import io.gatehouse.shared.api.InviteResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Users: admin operations, and the invite/login calls the proxy forwards for people. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersApi {
    private final CurrentCaller caller;
    private final UserService users;
    private final SignupService signup;
    private final LoginService login;
    private final PasswordChange passwordChange;

    public UsersApi(CurrentCaller caller, UserService users, SignupService signup, LoginService login,
            PasswordChange passwordChange) {
        this.caller = caller;
        this.users = users;
        this.signup = signup;
        this.login = login;
        this.passwordChange = passwordChange;
    }

    /** A user's own password (the proxy forwards the user's certificate). */
    @jakarta.ws.rs.PUT
    @Path("users/password")
    public Uni<Response> changePassword(io.gatehouse.shared.api.WebSessionDto.ChangePassword request) {
        return passwordChange.change(caller.get(), request).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("users")
    public Uni<Response> create(CreateUserRequest request) {
        return users.create(caller.get(), request).map(invite -> Response.status(201).entity(invite).build());
    }

    @POST
    @Path("users/{name}/reset")
    public Uni<InviteResponse> reset(@PathParam("name") String name) {
        return users.reset(caller.get(), name);
    }

    @GET
    @Path("invites/{token}")
    public Uni<InviteInfo> openInvite(@PathParam("token") String token) {
        return signup.open(caller.get(), token);
    }

    @POST
    @Path("invites/complete")
    public Uni<Response> completeInvite(CompleteInviteRequest request) {
        if (request == null) {
            throw ApiException.invalid("send {token, password, totp_code} to complete an invitation");
        }
        return signup.complete(caller.get(), request).replaceWith(Response.noContent().build());
    }

    /** Clears a lockout (and the failure count); the password and second factor stay as they are. */
    @POST
    @Path("users/{name}/unlock")
    public Uni<UserService.Unlocked> unlock(@PathParam("name") String name) {
        return users.unlock(caller.get(), name);
    }

    @POST
    @Path("login")
    public Uni<CertsResponse> login(LoginRequest request, @Context HttpServerRequest http) {
        if (request == null) {
            throw ApiException.invalid("send a login request: {username, password, totp_code, public_key}");
        }
        Caller who = caller.get();
        return login.login(who, LoginSource.of(who, http), request);
    }

}
