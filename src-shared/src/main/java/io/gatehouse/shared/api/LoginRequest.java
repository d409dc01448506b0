package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Password + TOTP login, forwarded by the proxy. {@code publicKey} (OpenSSH form) is the key the
 * client generated; the answer carries certificates for it. {@code ttl} is Go-style ("8h"), optional.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoginRequest(String username, String password, String totpCode, String publicKey, String ttl) {
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + ", password=<redacted>, totpCode=<redacted>]";
    }
}
