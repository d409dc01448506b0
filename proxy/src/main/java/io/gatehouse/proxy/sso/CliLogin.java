package io.gatehouse.proxy.sso;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.SsoDto;
import io.gatehouse.shared.api.client.AuthCallException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * `gate login --auth=NAME`: gate listens on a loopback port and opens the login link with that
 * port and the public key it generated. After the provider, the certificates auth issues are for
 * that key only, and the browser carries them to gate's loopback port: whoever intercepts the
 * redirect holds certificates without the private key, which are useless.
 */
record CliLogin(int port, String publicKey) {
    static final String COOKIE = "gatehouse_sso_cli";
    static final String CLEARED = COOKIE + "=; Path=/v1/webapi/sso; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
    /** Long enough for a person at the provider's login page, no longer. */
    static final long COOKIE_SECONDS = 600;

    /** gate's port and key from the login link, if both are well-formed. */
    static Optional<CliLogin> of(String port, String key) {
        if (port == null || key == null || !port.matches("\\d{4,5}") || key.length() > 2048) {
            return Optional.empty();
        }
        int p = Integer.parseInt(port);
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (p < 1024 || p > 65535 || !decoded.matches("(ecdsa-sha2-nistp256|ssh-ed25519|ssh-rsa) [A-Za-z0-9+/=]+.*")) {
            return Optional.empty();
        }
        return Optional.of(new CliLogin(p, decoded));
    }

    String cookie() {
        return COOKIE + "=" + port + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey.getBytes(
                StandardCharsets.UTF_8)) + "; Path=/v1/webapi/sso; Secure; HttpOnly; SameSite=Lax; Max-Age="
                + COOKIE_SECONDS;
    }

    static Optional<CliLogin> fromCookie(io.vertx.core.http.Cookie cookie) {
        if (cookie == null || cookie.getValue().indexOf('.') < 0) {
            return Optional.empty();
        }
        String v = cookie.getValue();
        return of(v.substring(0, v.indexOf('.')), v.substring(v.indexOf('.') + 1));
    }

    static Response withoutCookie(Response r) {
        return Response.fromResponse(r).header("Set-Cookie", CLEARED).build();
    }

    Response complete(AuthConnection connection, String connector, String rawIdToken, String remote) {
        try {
            CertsResponse certs = connection.auth().post(ApiPaths.SSO_CERTS, new SsoDto.Login(connector, rawIdToken,
                    publicKey, remote), CertsResponse.class);
            String json = ApiJson.newMapper().writeValueAsString(certs);
            return Response.seeOther(URI.create(callback() + "?certs=" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(json.getBytes(StandardCharsets.UTF_8)))).header("Cache-Control", "no-store")
                    .build();
        } catch (AuthCallException e) {
            return refused(e.status() == 0 ? "the proxy cannot reach the auth service right now; retry shortly"
                    : e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise certificates", e);
        }
    }

    /** Sends the browser to gate's port with the reason, so gate stops waiting and says it. */
    Response refused(String why) {
        return Response.seeOther(URI.create(callback() + "?error=" + URLEncoder.encode(why, StandardCharsets.UTF_8)))
                .build();
    }

    private String callback() {
        return "http://127.0.0.1:" + port + "/callback";
    }
}
