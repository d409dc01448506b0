package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.DbEngine;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.Replies;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;

/**
 * A logged-in MySQL/MariaDB connection serving one client: the client's commands go through a
 * {@link CommandRelay} (audit, role checks), the server's replies are copied back packet by packet
 * as they come (large rows streamed, never a whole result set in memory), followed by a
 * {@link ReplyTracker}. If the database goes away while the client waits for a reply, the client
 * gets ERR 2013 at once and the session ends; if the client goes away, the database connection is closed.
 */
final class MysqlConnection implements DbEngine.Connection {
    /** Server packets below this size are read whole (to follow the reply); larger ones (rows) stream. */
    private static final int SERVER_INSPECT = 64 * 1024;
    static final int LOST_CONNECTION = 2013;

    private final DbSession session;
    private final Socket socket;
    private final BufferedInputStream serverIn;
    private final OutputStream toServer;
    private final long capabilities;
    private final byte[] serverOk;
    private final Object lock = new Object();
    /** The session is ending on purpose (COM_QUIT, or closed): the database hanging up is no loss. */
    private volatile boolean ending;
    private volatile boolean databaseLost;
    private volatile String refusal;

    MysqlConnection(DbSession session, Socket socket, BufferedInputStream serverIn, OutputStream toServer,
            long capabilities, byte[] serverOk) {
        this.session = session;
        this.socket = socket;
        this.serverIn = serverIn;
        this.toServer = toServer;
        this.capabilities = capabilities;
        this.serverOk = serverOk.clone();
    }

    @Override
    public void serve(InputStream fromClient, OutputStream clientOut) throws IOException {
        OutputStream toClient = new BufferedOutputStream(clientOut, 64 * 1024);
        int status = Replies.okOf(serverOk).status();
        CommandRelay commands = new CommandRelay(session, capabilities, lock, toClient, toServer,
                () -> ending = true);
        ReplyTracker tracker = new ReplyTracker(capabilities, status, commands.replies());
        commands.attach(tracker);
        session.audit().started();
        // The client's login ends with this OK (the server's own, with its status flags), numbered after
        // the client's HandshakeResponse as the proxy read it.
        MysqlPackets.write(toClient, (clientSequence() + 1) & 0xff, serverOk);
        toClient.flush();
        Thread replies = Thread.ofVirtual().name("mysql-replies-" + session.id())
                .start(() -> relayReplies(tracker, toClient, fromClient));
        String error = "";
        try {
            commands.relay(new MysqlPackets(new BufferedInputStream(fromClient, 64 * 1024), MysqlEngine.INSPECT_LIMIT));
        } catch (IOException e) {
            if (!databaseLost) {
                error = commands.endedBy(e);
            }
        } finally {
            close();
            try {
                replies.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (databaseLost) {
            error = "lost connection to the database '" + session.database().name() + "'";
        } else if (refusal != null) {
            error = refusal;
        }
        session.audit().ended(error);
    }

    private void relayReplies(ReplyTracker tracker, OutputStream toClient, InputStream fromClient) {
        MysqlPackets in = new MysqlPackets(serverIn, SERVER_INSPECT);
        try {
            while (true) {
                MysqlPackets.Header h = in.next();
                MysqlPackets.Packet p = h.length() < SERVER_INSPECT ? in.read(h) : null;
                synchronized (lock) {
                    if (p != null) {
                        byte[] payload = p.payload();
                        tracker.onPacket(p.sequence(), payload.length, Optional.of(payload)); // may refuse it
                        MysqlPackets.write(toClient, p.sequence(), payload);
                    } else {
                        int last = in.copy(h, toClient);
                        tracker.onPacket(last, h.length(), Optional.empty());
                    }
                    for (ReplyTracker.Synthetic s : tracker.due()) {
                        MysqlPackets.write(toClient, s.sequence(), s.payload());
                    }
                    if (serverIn.available() == 0) {
                        toClient.flush();
                    }
                }
            }
        } catch (ReplyTracker.Refusal r) {
            endRefused(r, toClient, fromClient);
        } catch (IOException | RuntimeException e) {
            if (!ending) {
                databaseLost = true;
                tellClientTheDatabaseIsGone(tracker, toClient);
                closeQuietly(fromClient); // ends the client side's read: the session is over
            }
        }
    }

    /** The session reached a database its roles do not allow: the client learns why, and it ends. */
    private void endRefused(ReplyTracker.Refusal r, OutputStream toClient, InputStream fromClient) {
        refusal = r.getMessage();
        ending = true;
        synchronized (lock) {
            try {
                MysqlPackets.write(toClient, r.sequence, Replies.error(Replies.DB_ACCESS_DENIED, "42000",
                        r.getMessage() + "; the session ends"));
                toClient.flush();
            } catch (IOException ignored) {
                // the client is gone too
            }
        }
        closeQuietly(socket);
        closeQuietly(fromClient);
    }

    private void tellClientTheDatabaseIsGone(ReplyTracker tracker, OutputStream toClient) {
        synchronized (lock) {
            try {
                Optional<Integer> seq = tracker.awaitedSequence();
                if (seq.isPresent()) {
                    MysqlPackets.write(toClient, seq.get(), Replies.error(LOST_CONNECTION, "HY000",
                            "Lost connection to the database '" + session.database().name() + "' during query"));
                }
                toClient.flush();
            } catch (IOException ignored) {
                // the client is gone too
            }
        }
    }

    private int clientSequence() {
        try {
            return Integer.parseInt(session.param("mysql.sequence"));
        } catch (NumberFormatException e) {
            return 1; // a HandshakeResponse without SSL: the client's second packet
        }
    }

    @Override
    public void close() {
        ending = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
