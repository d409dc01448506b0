package io.gatehouse.shared.cert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything a user certificate asserts, in SSH and X.509 form alike. */
public record UserIdentity(String username, List<String> roles, Map<String, List<String>> traits, List<String> logins,
        Instant notBefore, Instant expires, Map<String, String> routing, boolean permitPortForwarding,
        boolean permitPty, Optional<String> activeRequest) {
    public UserIdentity {
        roles = List.copyOf(roles);
        traits = Map.copyOf(traits);
        logins = List.copyOf(logins);
        routing = Map.copyOf(routing);
    }
}
