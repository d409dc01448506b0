package io.gatehouse.shared.jwt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public half of the jwt CA as JOSE sees it (RFC 7517 keys, RFC 7638 thumbprints): auth names
 * its signing key in each token's {@code kid} with the thumbprint, and the proxy publishes the same
 * keys at /.well-known/jwks.json, so both sides compute the id in this one place and cannot drift.
 * P-256 keys sign with ES256, RSA keys with RS256; any other key is refused, not guessed at.
 */
public final class JsonWebKeys {
    public static final String ES256 = "ES256";
    public static final String RS256 = "RS256";
    /** P-256's field size in bits: the only elliptic curve JOSE's ES256 is defined for. */
    private static final int P256_BITS = 256;
    private static final BigInteger P256_PRIME = new BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);

    private JsonWebKeys() {
    }

    /** The JWS algorithm {@code key} signs with. */
    public static String algorithm(PublicKey key) {
        return switch (key) {
            case ECPublicKey ec when isP256(ec) -> ES256;
            case RSAPublicKey rsa -> RS256;
            default -> throw new IllegalArgumentException("the jwt CA's key is " + key.getAlgorithm() + " (" + key
                    .getFormat() + "); app tokens are signed with a P-256 (ES256) or RSA (RS256) key only");
        };
    }

    /** One key of a JWK Set: its members, then use, alg and kid (the thumbprint). */
    public static Map<String, Object> jwk(PublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>(members(key));
        jwk.put("use", "sig");
        jwk.put("alg", algorithm(key));
        jwk.put("kid", thumbprint(key));
        return jwk;
    }

    /** {"keys": [...]}, in the order given (the key that signs now first, by convention). */
    public static Map<String, Object> keySet(List<PublicKey> keys) {
        List<Map<String, Object>> jwks = new ArrayList<>();
        keys.forEach(k -> jwks.add(jwk(k)));
        return Map.of("keys", List.copyOf(jwks));
    }

    /**
     * RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace,
     * base64url. Every value is itself base64url or a fixed name, so no JSON escaping is needed.
     */
    public static String thumbprint(PublicKey key) {
        Map<String, Object> m = members(key);
        String json = switch (key) {
            case ECPublicKey ec -> "{\"crv\":\"" + m.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + m.get("x")
                    + "\",\"y\":\"" + m.get("y") + "\"}";
            default -> "{\"e\":\"" + m.get("e") + "\",\"kty\":\"RSA\",\"n\":\"" + m.get("n") + "\"}";
        };
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, Object> members(PublicKey key) {
        algorithm(key);
        Map<String, Object> m = new LinkedHashMap<>();
        if (key instanceof ECPublicKey ec) {
            m.put("kty", "EC");
            m.put("crv", "P-256");
            m.put("x", base64Url(fixed(ec.getW().getAffineX(), 32)));
            m.put("y", base64Url(fixed(ec.getW().getAffineY(), 32)));
        } else {
            RSAPublicKey rsa = (RSAPublicKey) key;
            m.put("kty", "RSA");
            m.put("n", base64Url(unsigned(rsa.getModulus())));
            m.put("e", base64Url(unsigned(rsa.getPublicExponent())));
        }
        return m;
    }

    private static boolean isP256(ECPublicKey ec) {
        var field = ec.getParams().getCurve().getField();
        return field.getFieldSize() == P256_BITS && field instanceof java.security.spec.ECFieldFp fp
                && fp.getP().equals(P256_PRIME);
    }

    /** RFC 7518 6.2.1.2: a coordinate is the full field size, left-padded with zeros. */
    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = unsigned(value);
        if (raw.length > length) {
            throw new IllegalArgumentException("an EC coordinate longer than " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    /** Big-endian without the sign byte BigInteger adds when the top bit is set (RFC 7518 6.3.1). */
    private static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length > 1 && raw[0] == 0) {
            byte[] out = new byte[raw.length - 1];
            System.arraycopy(raw, 1, out, 0, out.length);
            return out;
        }
        return raw;
    }
}
