package io.gatehouse.agent.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One wire protocol of the Database Service (PostgreSQL, MySQL/MariaDB). The service has checked
 * the user's certificate and roles before it asks for a connection; the engine connects and logs in
 * to the database as the session's database user (client certificate or configured password), and
 * then serves the client: the proxy has read the client's start-up (PostgreSQL's StartupMessage,
 * MySQL's HandshakeResponse) and passes its parameters in the session, so the engine's first bytes
 * to the client are what a server sends after a successful authentication.
 */
public interface DbEngine {

    /**
     * Connects and authenticates to the database for {@code session}. Failing here refuses the
     * session with the exception's message, which reaches the client in its own protocol: say which
     * database, what went wrong and what to do ("cannot reach the database 'orders-db' at
     * 127.0.0.1:5433: connection refused; is it running?").
     */
    Connection connect(DbSession session) throws IOException;

    /** A logged-in connection to the database, serving one client session. */
    interface Connection extends AutoCloseable {
        /**
         * Writes the client's post-authentication greeting, then relays both ways until either side
         * ends: every statement is audited once, every change of database or user is checked against
         * the session's roles or refused, errors reach the client in its protocol. Returns when the
         * session is over; the connection to the database is closed then.
         */
        void serve(InputStream fromClient, OutputStream toClient) throws IOException;

        @Override
        void close();
    }
}
