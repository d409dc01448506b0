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
 * redirect holds certificates without the private key, which are useless. Because anyone can send
 * someone such a link (with their own key), nothing is issued before the person confirms, on
 * CliConsentPage, the client, the user and the key's fingerprint.
 */
record CliLogin(int port, String publicKey) {
    /** __Host-: only this origin over HTTPS can set it, and no sibling domain can plant one (RFC 6265bis 4.1.3.2). */
    static final String COOKIE = "__Host-gatehouse_sso_cli";
    static final String ATTRIBUTES = "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=";
    static final String CLEARED = COOKIE + "=" + ATTRIBUTES + "0";
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

    /** The cookie that carries gate's port and key through the provider's round trip. */
    String cookie() {
        return COOKIE + "=" + value() + ATTRIBUTES + COOKIE_SECONDS;
    }

    /** The same, bound to the one-time token of the consent page shown for it. */
    String cookie(String consentToken) {
        return COOKIE + "=" + value() + "." + consentToken + ATTRIBUTES + CliConsents.TTL.toSeconds();
    }

    private String value() {
        return port + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey.getBytes(
                StandardCharsets.UTF_8));
    }

    static Optional<CliLogin> fromCookie(io.vertx.core.http.Cookie cookie) {
        String[] parts = cookie == null ? new String[0] : cookie.getValue().split("\\.", -1);
        return parts.length < 2 ? Optional.empty() : of(parts[0], parts[1]);
    }

    /** The consent token the cookie is bound to, if the consent page was shown. */
    static Optional<String> consentTokenOf(io.vertx.core.http.Cookie cookie) {
        String[] parts = cookie == null ? new String[0] : cookie.getValue().split("\\.", -1);
        return parts.length == 3 ? Optional.of(parts[2]) : Optional.empty();
    }

    /** Where the certificates would go, as the consent page names it. */
    String clientAddress() {
        return "127.0.0.1:" + port;
    }

    /** "SHA256:..." of the key, exactly as ssh-keygen -l (and gate login) print it. */
    String fingerprint() {
        try {
            byte[] blob = Base64.getDecoder().decode(publicKey.split(" ")[1]);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(blob));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            return "(unreadable key)";
        }
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
