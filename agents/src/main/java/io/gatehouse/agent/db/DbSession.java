package io.gatehouse.agent.db;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import java.util.Map;

/**
 * One client's session with a database, as the Database Service accepted it: the user (from the
 * certificate the agent verified itself), their roles' checker (for mid-session changes of database
 * or user), the database user and name they connect as (already allowed), and what the client's
 * start-up said besides. {@code params} holds the client's start-up parameters:
 * <ul>
 * <li>PostgreSQL: {@code pg.<name>} for each StartupMessage parameter other than user and database
 * (application_name, client_encoding, options...);</li>
 * <li>MySQL: {@code mysql.capabilities} (the client's capability flags, decimal), {@code mysql.charset},
 * {@code mysql.max_packet}, {@code mysql.sequence} (the sequence id of the client's HandshakeResponse
 * packet: the engine's OK to the client carries the next one).</li>
 * </ul>
 */
public record DbSession(String id, DatabaseConfig database, UserIdentity user, AccessChecker roles, String dbUser,
        String dbName, Map<String, String> params, String clientAddr, BackendLogin login, DbAudit audit) {

    public DbSession {
        params = Map.copyOf(params);
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }
}
