package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Browser sessions between the proxy and auth (auth API, proxy identity only). The browser never
 * sees these records: the proxy turns them into a cookie, a bearer token and {@code Session}.
 */
public final class WebSessionDto {
    private WebSessionDto() {
    }

    /**
     * What auth returns for a live session; {@code privateKey} (PEM) and {@code bearerToken} only
     * when the proxy asked for them.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Session(String username, List<String> roles, List<String> logins, Instant expires,
            long idleTimeoutSeconds, String tlsCertificate, String sshCertificate, String privateKey,
            String bearerToken, String activeRequest, Instant accessExpires) {
        @Override
        public String toString() {
            return "WebSession[" + username + ", expires " + expires + "]";
        }
    }

    /** A new session: the two secrets exist in clear only in this answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Created(String sessionId, String bearerToken, Session session) {
        @Override
        public String toString() {
            return "Created[" + session + "]";
        }
    }

    /**
     * Find a session by its id; {@code bearerToken} is checked when {@code requireBearer} (every
     * call but the page's "who am I"). Every lookup counts as activity for the idle timeout.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Lookup(String sessionId, String bearerToken, boolean requireBearer, boolean includeKey,
            boolean includeBearer) {
        @Override
        public String toString() {
            return "Lookup[<redacted>]";
        }
    }

    /**
     * Re-issue the session's certificates with an approved access request's roles ({@code requestId}),
     * or back to the user's own roles ({@code requestId} null: "drop").
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Assume(String sessionId, String bearerToken, String requestId) {
        @Override
        public String toString() {
            return "Assume[" + requestId + "]";
        }
    }

    /** End a session (logout). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record End(String sessionId) {
        @Override
        public String toString() {
            return "End[<redacted>]";
        }
    }

    /** Change one's own password: the old one and a fresh second-factor code prove it is the owner. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChangePassword(String oldPassword, String newPassword, String totpCode) {
        @Override
        public String toString() {
            return "ChangePassword[<redacted>]";
        }
    }

    /** An SSH session running now (from its session.start event with no session.end yet). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Active(String sessionId, String user, String node, String login, String kind, Instant started) {
    }
}
