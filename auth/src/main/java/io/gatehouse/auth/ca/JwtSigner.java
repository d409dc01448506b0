package io.gatehouse.auth.ca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.jwt.JsonWebKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JWS compact serialization (RFC 7515) with one CA key: base64url(header) . base64url(claims) .
 * base64url(signature). ES256 signatures are JOSE's fixed-length R||S (RFC 7518 3.4), which the
 * JDK produces as "P1363 format"; the DER form Java signs with by default would not verify
 * anywhere else. The header names the key by its RFC 7638 thumbprint, as the JWKS does.
 * Written here rather than pulled in, so auth gains no runtime dependency for 60 lines of encoding.
 */
public final class JwtSigner {
    private final PrivateKey key;
    private final String algorithm;
    private final String keyId;
    private final ObjectMapper json = new ObjectMapper();

    public JwtSigner(KeyPair pair) {
        this.key = pair.getPrivate();
        this.algorithm = JsonWebKeys.algorithm(pair.getPublic());
        this.keyId = JsonWebKeys.thumbprint(pair.getPublic());
    }

    public String keyId() {
        return keyId;
    }

    /** The signed token; {@code claims} must already be JSON values (numbers for times, per RFC 7519). */
    public String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        header.put("kid", keyId);
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature signer = Signature.getInstance(JsonWebKeys.ES256.equals(algorithm)
                    ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + JsonWebKeys.base64Url(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the jwt CA's key cannot sign with " + algorithm + ": " + e.getMessage(),
                    e);
        }
    }

    private String encode(Map<String, Object> part) {
        try {
            return JsonWebKeys.base64Url(json.writeValueAsBytes(part));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a token part is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
