package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** SSO between the proxy (which runs the OIDC flow with the browser) and auth (which decides). */
public final class SsoDto {
    private SsoDto() {
    }

    /**
     * A connector as a proxy needs it to run the flow; the secret is in clear only in this answer,
     * which only proxies get. {@code usernameClaim} names the user on the gate login consent page.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Connector(String name, String display, String issuerUrl, String clientId, String clientSecret,
            String redirectUrl, List<String> scopes, String usernameClaim) {
        @Override
        public String toString() {
            return "Connector[" + name + ", " + issuerUrl + "]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Connectors(List<Connector> connectors) {
    }

    /**
     * The ID token the proxy got at the end of a successful flow; auth verifies it again and logs
     * the user in. {@code publicKey} (gate's) for certificates, absent for a browser session.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Login(String connector, String idToken, String publicKey, String remoteAddr) {
        @Override
        public String toString() {
            return "SsoLogin[" + connector + "]";
        }
    }

    /** A flow that failed at the proxy (tampered state, provider error, provider down), for the audit log. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Failure(String connector, String reason, String remoteAddr) {
    }
}
