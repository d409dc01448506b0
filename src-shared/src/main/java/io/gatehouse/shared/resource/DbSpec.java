package io.gatehouse.shared.resource;

/**
 * A database an agent's Database Service serves: {@code protocol} is "postgres" or "mysql" (MariaDB
 * speaks the latter), {@code uri} where the agent dials it (host:port, seen from the agent; shown to
 * users as Teleport shows it), {@code hostId} the agent that serves it (the proxy routes through that
 * agent's tunnel). Agents keep these alive by heartbeat, like nodes.
 */
public record DbSpec(String protocol, String uri, String hostId) implements HostedSpec {
    public static final String POSTGRES = "postgres";
    public static final String MYSQL = "mysql";

    public DbSpec {
        protocol = protocol == null ? "" : protocol;
        uri = uri == null ? "" : uri;
        hostId = hostId == null ? "" : hostId;
    }

    public static boolean knownProtocol(String protocol) {
        return POSTGRES.equals(protocol) || MYSQL.equals(protocol);
    }
}
