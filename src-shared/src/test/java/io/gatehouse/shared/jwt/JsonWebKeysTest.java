package io.gatehouse.shared.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.Keys;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWebKeysTest {
    /** RFC 7638 section 3.1: the example RSA key and its thumbprint. */
    private static final String RFC_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
            + "L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY3"
            + "68QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3X"
            + "PksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    @Test
    void theRfc7638ExampleKeyHasTheRfcsThumbprint() throws Exception {
        PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(RFC_N)), BigInteger.valueOf(65537)));
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", JsonWebKeys.thumbprint(rsa));
        Map<String, Object> jwk = JsonWebKeys.jwk(rsa);
        assertEquals(RFC_N, jwk.get("n"));
        assertEquals("AQAB", jwk.get("e"));
        assertEquals("RS256", jwk.get("alg"));
    }

    @Test
    void aP256KeyIsPublishedWithFullLengthCoordinates() {
        for (int i = 0; i < 20; i++) {
            ECPublicKey key = (ECPublicKey) Keys.generateEcdsaP256().getPublic();
            Map<String, Object> jwk = JsonWebKeys.jwk(key);
            assertEquals(List.of("kty", "crv", "x", "y", "use", "alg", "kid"), List.copyOf(jwk.keySet()));
            assertEquals("P-256", jwk.get("crv"));
            assertEquals("ES256", jwk.get("alg"));
            byte[] x = Base64.getUrlDecoder().decode((String) jwk.get("x"));
            assertEquals(32, x.length, "x is always 32 bytes, even with leading zeros");
            assertEquals(key.getW().getAffineX(), new BigInteger(1, x));
            byte[] y = Base64.getUrlDecoder().decode((String) jwk.get("y"));
            assertEquals(32, y.length);
            assertEquals(key.getW().getAffineY(), new BigInteger(1, y));
            assertEquals(JsonWebKeys.thumbprint(key), jwk.get("kid"));
        }
    }

    @Test
    void otherCurvesAreRefusedNotMislabelled() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey p384 = g.generateKeyPair().getPublic();
        var e = assertThrows(IllegalArgumentException.class, () -> JsonWebKeys.keySet(List.of(p384)));
        assertTrue(e.getMessage().contains("P-256"), e.getMessage());
    }
}
