package io.gatehouse.proxy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.gatehouse.proxy.app.AppJwtKeys;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwksEndpointTest {
    @Test
    void theKeySetAnswersWithoutAnythingFromTheCaller() throws Exception {
        KeyPair jwtCa = Keys.generateEcdsaP256();
        String pem = Keys.certificateToPem(X509CertificateSigner.selfSignedCa(jwtCa, "c", CaType.JWT,
                Duration.ofDays(1)));
        var response = new JwksEndpoint(new AppJwtKeys(() -> List.of(pem), Clock.systemUTC())).jwks();
        assertEquals(200, response.getStatus());
        assertEquals("public, max-age=300", response.getHeaderString("Cache-Control"));
        JWKSet set = JWKSet.parse((String) response.getEntity());
        ECKey key = set.getKeys().get(0).toECKey();
        assertEquals("EC", key.getKeyType().getValue());
        assertEquals("P-256", key.getCurve().getName());
        assertEquals("ES256", key.getAlgorithm().getName());
        assertEquals("sig", key.getKeyUse().identifier());
        assertEquals(key.computeThumbprint().toString(), key.getKeyID());
        assertEquals(((ECPublicKey) jwtCa.getPublic()).getW(), key.toECPublicKey().getW());
    }

    /** Public by construction: the path is the well-known one and the handler reads no cookie, header or certificate. */
    @Test
    void theHandlerTakesNoCallerIdentity() {
        assertEquals("/.well-known/jwks.json", JwksEndpoint.class.getAnnotation(Path.class).value());
        assertEquals(ApiPaths.JWKS, JwksEndpoint.class.getAnnotation(Path.class).value());
        Method get = Arrays.stream(JwksEndpoint.class.getMethods()).filter(m -> m.isAnnotationPresent(GET.class))
                .findFirst().orElseThrow();
        assertEquals(0, get.getParameterCount(), "no caller, cookie or request is read");
        assertTrue(Arrays.stream(JwksEndpoint.class.getConstructors()).allMatch(c -> Arrays.stream(
                c.getParameterTypes()).noneMatch(t -> t.getSimpleName().contains("Caller"))));
    }

    @Test
    void authAwayWithNothingKnownIsA503() {
        var response = new JwksEndpoint(new AppJwtKeys(() -> {
            throw new AuthCallException(0, "unavailable", "down");
        }, Clock.systemUTC())).jwks();
        assertEquals(503, response.getStatus());
    }
}
