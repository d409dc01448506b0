package io.gatehouse.auth.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.resource.OidcConnectorSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Checks an ID token the proxy received from an identity provider, independently of the proxy:
 * signature against the provider's published keys (discovery → jwks_uri, cached, refetched when
 * a new key id appears), issuer = the connector's issuer URL, audience = its client id, not
 * expired. So a proxy cannot invent a login, and a token minted for another client or by another
 * provider is refused. Blocking (HTTP to the provider): call it on a worker thread.
 */
@ApplicationScoped
public class IdTokenVerifier {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, HttpsJwks> keysByIssuer = new ConcurrentHashMap<>();

    /** The token's claims, or a {@link Rejected} saying what was wrong with it. */
    public Map<String, Object> verify(OidcConnectorSpec connector, String idToken) {
        if (idToken == null || idToken.isBlank()) {
            throw new Rejected("no ID token");
        }
        HttpsJwks keys = keysByIssuer.computeIfAbsent(connector.issuerUrl(), this::jwksOf);
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                .setExpectedIssuer(connector.issuerUrl())
                .setExpectedAudience(connector.clientId())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(idToken);
            return claims.getClaimsMap();
        } catch (InvalidJwtException e) {
            throw new Rejected(why(connector, e));
        }
    }

    /** Which check failed, in words (jose4j's own messages quote the token and the provider's keys). */
    static String why(OidcConnectorSpec c, InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "the ID token was issued by another provider (iss is not " + c.issuerUrl() + ")";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "the ID token was issued for another application (aud does not include " + c.clientId() + ")";
        }
        if (e.hasExpired()) {
            return "the ID token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.getCause() instanceof UnresolvableKeyException
                || String.valueOf(e.getMessage()).contains("UnresolvableKeyException")) {
            return "the ID token is not signed with a key of " + c.issuerUrl() + " (a token from another provider "
                    + "or realm?)";
        }
        return "the ID token is not valid (" + (e.getErrorDetails().isEmpty() ? "unreadable"
                : "error code " + e.getErrorDetails().get(0).getErrorCode()) + ")";
    }

    private HttpsJwks jwksOf(String issuer) {
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode doc = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !doc.path("jwks_uri").isTextual()) {
                throw new Rejected("the identity provider at " + issuer + " answered its discovery document with "
                        + "HTTP " + r.statusCode() + " and no jwks_uri");
            }
            return new HttpsJwks(doc.path("jwks_uri").asText());
        } catch (IOException e) {
            throw new Rejected("cannot reach the identity provider at " + issuer + " (" + e.getClass().getSimpleName()
                    + "); is it up?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejected("interrupted");
        }
    }

    /** An ID token, or its provider, that does not pass; the message says which check failed. */
    public static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
