package io.gatehouse.shared.resource;

/**
 * A database an agent's Database Service serves: {@code protocol} is "postgres" or "mysql" (MariaDB
 * speaks the latter), {@code uri} where the agent dials it (host:port, seen from the agent; shown to
 * users as Teleport shows it), {@code hostId} the agent that serves it (the proxy routes through that
 * agent's tunnel). Agents keep these alive by heartbeat, like nodes. {@code loginUser} is the one
 * database user the agent can log in as when it holds that user's password (password auth), so
 * listings offer only it; empty when the agent logs in by certificate as whichever user the roles allow.
 */
public record DbSpec(String protocol, String uri, String hostId, String loginUser) implements HostedSpec {
    public static final String POSTGRES = "postgres";
    public static final String MYSQL = "mysql";

    public DbSpec {
        protocol = protocol == null ? "" : protocol;
        uri = uri == null ? "" : uri;
        hostId = hostId == null ? "" : hostId;
        loginUser = loginUser == null ? "" : loginUser;
    }

    public DbSpec(String protocol, String uri, String hostId) {
        this(protocol, uri, hostId, "");
    }

    public static boolean knownProtocol(String protocol) {
        return POSTGRES.equals(protocol) || MYSQL.equals(protocol);
    }
}
