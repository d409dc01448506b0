package io.gatehouse.agent.db.postgres;

import io.gatehouse.agent.db.DbEngine;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.postgres.BackendMessage;
import io.gatehouse.shared.db.postgres.PgMessage;
import io.gatehouse.shared.db.postgres.PgMessageReader;
import io.gatehouse.shared.db.postgres.StartupPacket;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * One logged-in connection to PostgreSQL serving one client: the greeting (with the agent's own
 * cancel key), then two relays. The database's messages go to the client framed but unread, in
 * pieces (bounded memory whatever the result size); the client's go through {@link FrontendRelay},
 * which audits and checks statements. When the database goes away the client gets a FATAL error in
 * its protocol at once; when the client goes away the database connection is closed.
 */
final class PostgresConnection implements DbEngine.Connection {
    private final DbSession session;
    private final SSLSocket db;
    private final List<PgMessage> greeting;
    private final StartupPacket.CancelRequest realKey;
    private final char status;
    private final CancelKeys cancelKeys;
    private volatile boolean clientGone;
    /** Set when the client broke the protocol: what it is told instead of "the database went away". */
    private volatile String clientProblem;

    PostgresConnection(DbSession session, SSLSocket db, List<PgMessage> greeting, StartupPacket.CancelRequest realKey,
            char status, CancelKeys cancelKeys) {
        this.session = session;
        this.db = db;
        this.greeting = List.copyOf(greeting);
        this.realKey = realKey;
        this.status = status;
        this.cancelKeys = cancelKeys;
    }

    @Override
    public void serve(InputStream fromClient, OutputStream toClient) throws IOException {
        StartupPacket.CancelRequest agentKey = cancelKeys.register(session.database(), session.login(), realKey);
        try {
            OutputStream client = new BufferedOutputStream(toClient, 64 * 1024);
            BackendMessage.authenticationOk().write(client);
            for (PgMessage m : greeting) {
                m.write(client);
            }
            BackendMessage.backendKeyData(agentKey.processId(), agentKey.secretKey()).write(client);
            BackendMessage.readyForQuery(status).write(client);
            client.flush();
            FrontendRelay relay = new FrontendRelay(session, new StatementChecks(session));
            Thread fromClientThread = Thread.ofVirtual().name("pg-client-" + session.id()).start(() -> {
                try {
                    relay.run(fromClient, db.getOutputStream());
                } catch (FrontendRelay.ClientProblem e) {
                    clientProblem = e.getMessage();
                } catch (IOException e) {
                    // the database side ended; the other relay reports it
                } finally {
                    clientGone = clientProblem == null;
                    close();
                }
            });
            relayFromDatabase(client);
            fromClientThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cancelKeys.remove(agentKey.processId());
            close();
        }
    }

    private void relayFromDatabase(OutputStream client) throws IOException {
        BufferedInputStream in = new BufferedInputStream(db.getInputStream(), 64 * 1024);
        PgMessageReader reader = new PgMessageReader(in, 0);
        boolean midMessage = false;
        try {
            while (true) {
                PgMessageReader.Header h = reader.next();
                midMessage = true;
                reader.copy(h, client);
                midMessage = false;
                if (in.available() == 0) {
                    client.flush();
                }
            }
        } catch (IOException e) {
            if (clientGone) {
                return;
            }
            String problem = clientProblem;
            String message = problem != null ? problem : "the connection to the database '"
                    + session.database().name() + "' was lost: " + (e instanceof EOFException
                    ? "the database closed it" : e.getMessage());
            if (!midMessage) {
                try {
                    BackendMessage.fatal(problem != null ? BackendMessage.PROTOCOL_VIOLATION
                            : BackendMessage.CONNECTION_FAILURE, message, null).write(client);
                    client.flush();
                } catch (IOException gone) {
                    // the client went too
                }
            }
            throw new IOException(message, e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
