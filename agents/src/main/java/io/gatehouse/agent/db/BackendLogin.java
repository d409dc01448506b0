package io.gatehouse.agent.db;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * How the agent logs in to one database as one database user: TLS that verifies the database's
 * certificate (tls.mode, tls.ca_file or the cluster's database CA) and, for certificate auth,
 * presents a short-lived client certificate from the database client CA (CN = the database user);
 * for password auth, the password read from the configured file. Nothing here is ever logged.
 */
public interface BackendLogin {

    /**
     * Starts TLS as a client over {@code plain} (after the protocol's own TLS request: PostgreSQL's
     * SSLRequest answered 'S', MySQL's SSL request packet sent) and completes the handshake.
     *
     * @throws IOException with a message for a person when the database's certificate is not one
     *                     the configuration trusts, or the handshake fails
     */
    SSLSocket startTls(Socket plain) throws IOException;

    /** The password for password auth (fresh from its file; the caller clears it), empty for certificate auth. */
    Optional<char[]> password() throws IOException;
}
