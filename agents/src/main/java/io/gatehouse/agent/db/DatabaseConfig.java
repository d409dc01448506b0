package io.gatehouse.agent.db;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of agent.yaml's {@code databases:} list, checked at start:
 * <pre>
 * databases:
 *   - name: orders-db
 *     protocol: postgres            # or mysql (MariaDB too)
 *     uri: 127.0.0.1:5432           # where this agent dials
 *     labels: {env: prod}
 *     tls: {mode: verify-full, ca_file: /etc/gatehouse/orders-ca.pem}   # ca_file: default the cluster's database CA
 *     auth: certificate             # or {user: app, password_file: /etc/gatehouse/orders.pass}
 * </pre>
 *
 * @param password the configured database user and the file holding its password, for databases
 *                 that only accept passwords; empty: certificate auth (a client certificate from
 *                 the cluster's database client CA, CN = the database user)
 */
public record DatabaseConfig(String name, String protocol, String host, int port, Map<String, String> labels,
        TlsMode tlsMode, Optional<Path> caFile, Optional<PasswordAuth> password) {

    public DatabaseConfig {
        labels = Map.copyOf(labels);
    }

    /** How the agent checks the database's certificate. */
    public enum TlsMode {
        /** The certificate chains to the CA and names the host the agent dials. */
        VERIFY_FULL,
        /** The certificate chains to the CA (for databases reached by an address their certificate does not name). */
        VERIFY_CA
    }

    /** Password auth: the password stays in {@code passwordFile} on the agent's host, read when needed. */
    public record PasswordAuth(String user, Path passwordFile) {
    }

    public String uri() {
        return host + ":" + port;
    }
}
