package io.gatehouse.auth.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.shared.cert.Keys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JWS encoding, checked by an independent JOSE implementation. */
class JwtSignerTest {
    @Test
    void es256TokensVerifyElsewhereWithJoseSignaturesAndThumbprintKids() throws Exception {
        for (int i = 0; i < 20; i++) {
            KeyPair pair = Keys.generateEcdsaP256();
            JwtSigner signer = new JwtSigner(pair);
            String token = signer.sign(Map.of("sub", "alice", "roles", List.of("dev"), "exp", 4_000_000_000L));
            SignedJWT jwt = SignedJWT.parse(token);
            assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
            ECKey jwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) pair.getPublic()).build();
            assertEquals(jwk.computeThumbprint().toString(), jwt.getHeader().getKeyID());
            assertEquals(64, Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)).length,
                    "R||S, 32 bytes each, not DER");
            assertTrue(jwt.verify(new ECDSAVerifier(jwk)));
            assertEquals("alice", jwt.getJWTClaimsSet().getSubject());
            assertFalse(SignedJWT.parse(token).verify(new ECDSAVerifier(new ECKey.Builder(
                    com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) Keys.generateEcdsaP256().getPublic()).build())),
                    "another key does not verify it");
        }
    }

    @Test
    void anRsaKeySignsRs256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        SignedJWT jwt = SignedJWT.parse(new JwtSigner(pair).sign(Map.of("sub", "bob")));
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build();
        assertEquals(jwk.computeThumbprint().toString(), jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new RSASSAVerifier(jwk)));
    }
}
