package io.gatehouse.auth.identity;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.shared.cert.Keys;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/** Parses the public key a client wants certified; only ECDSA P-256 (what our clients generate). */
public final class SubjectKeys {
    private SubjectKeys() {
    }

    public static PublicKey parse(String openSshLine) {
        if (openSshLine == null || openSshLine.isBlank()) {
            throw ApiException.invalid("public_key is missing: send the OpenSSH form of the key to certify "
                    + "(e.g. 'ecdsa-sha2-nistp256 AAAA...')");
        }
        PublicKey key;
        try {
            key = Keys.parseOpenSshPublicKey(openSshLine.trim());
        } catch (RuntimeException e) {
            throw ApiException.invalid("public_key is not a valid OpenSSH public key: " + e.getMessage());
        }
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw ApiException.invalid("public_key must be an ECDSA P-256 key (ecdsa-sha2-nistp256)");
        }
        return key;
    }
}
