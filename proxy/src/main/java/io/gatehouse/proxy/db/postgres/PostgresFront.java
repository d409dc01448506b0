package io.gatehouse.proxy.db.postgres;

import io.gatehouse.proxy.db.DbCaller;
import io.gatehouse.proxy.db.DbGate;
import io.gatehouse.proxy.service.ServicePipe;
import io.gatehouse.proxy.db.DbRefusal;
import io.gatehouse.proxy.routing.Route;
import io.gatehouse.shared.db.postgres.BackendMessage;
import io.gatehouse.shared.db.postgres.MalformedPgMessage;
import io.gatehouse.shared.db.postgres.PgMessage;
import io.gatehouse.shared.db.postgres.PgMessageReader;
import io.gatehouse.shared.db.postgres.StartupPacket;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * The proxy's PostgreSQL front (contract steps 1-5). States of a connection:
 *
 * <pre>
 * STARTUP --SSLRequest, no certificate yet--> 'S', client's TLS (certificate wanted) --> STARTUP
 * STARTUP --SSLRequest, certificate on the outer TLS (tunnel mode)--> 'N' --> STARTUP
 * STARTUP --GSSENCRequest--> 'N' --> STARTUP
 * STARTUP --CancelRequest--> cancel through the agent, close
 * STARTUP --StartupMessage--> checks (DbGate) --refused--> ErrorResponse FATAL 28000, close
 *                                             --admitted--> service channel --refused--> ErrorResponse, close
 *                                                                           --accepted--> AGENT_STARTUP
 * AGENT_STARTUP: the agent's messages forwarded up to the first ReadyForQuery, its BackendKeyData kept
 * PIPE: bytes both ways until either side ends
 * </pre>
 */
public final class PostgresFront implements Route.StreamHandler {
    private static final Logger LOG = Logger.getLogger(PostgresFront.class);
    /** SSLRequest/GSSENCRequest answers before the StartupMessage: libpq sends at most two. */
    private static final int MAX_PREFACES = 4;
    /** The agent's start-up messages are small; a larger one is copied through unread. */
    private static final int MAX_INSPECTED = 64 * 1024;
    private static final Set<String> NOT_REPLICATION = Set.of("false", "off", "no", "0");

    private final DbGate gate;
    private final CancelKeys cancelKeys;

    public PostgresFront(DbGate gate, CancelKeys cancelKeys) {
        this.gate = gate;
        this.cancelKeys = cancelKeys;
    }

    /** Through TLS routing (gatehouse-postgres): a certificate on this TLS is tunnel mode. */
    @Override
    public void serve(SSLSocket socket, String remote) throws IOException {
        Optional<DbCaller> caller;
        try {
            caller = DbCaller.of(socket.getSession(), gate.clock());
        } catch (DbRefusal r) {
            refuseEarly(socket.getOutputStream(), r, remote);
            return;
        }
        startup(socket, caller, caller.isPresent(), remote);
    }

    /** psql straight at the web port: its SSLRequest (answered 'S', then its TLS) or a CancelRequest. */
    @Override
    public void servePreface(Socket plain, byte[] preface, String remote) throws IOException {
        StartupPacket first = StartupPacket.read(new ByteArrayInputStream(preface));
        switch (first) {
            case StartupPacket.CancelRequest c -> cancel(c, remote);
            case StartupPacket.SslRequest s -> {
                Socket tls = acceptTls(plain, remote);
                if (tls != null) {
                    try {
                        startupAfterTls((SSLSocket) tls, remote);
                    } finally {
                        tls.close();
                    }
                }
            }
            default -> throw new MalformedPgMessage("the router passed a preface that is not one");
        }
    }

    private void startupAfterTls(SSLSocket tls, String remote) throws IOException {
        Optional<DbCaller> caller;
        try {
            caller = DbCaller.of(tls.getSession(), gate.clock());
        } catch (DbRefusal r) {
            refuseEarly(tls.getOutputStream(), r, remote);
            return;
        }
        startup(tls, caller, true, remote);
    }

    /** Answers 'S' and terminates the client's TLS; null (after auditing) when its handshake fails. */
    private Socket acceptTls(Socket plain, String remote) throws IOException {
        OutputStream out = plain.getOutputStream();
        out.write('S');
        out.flush();
        try {
            return gate.upgrade(plain);
        } catch (SSLException e) {
            gate.refuse(DbRefusal.Kind.USER, "", "", "", "", DbSpec.POSTGRES, "TLS with the client failed (a "
                    + "certificate not from this cluster's user CA?): " + e.getMessage(), remote);
            return null;
        }
    }

    /**
     * Reads start-up packets until the StartupMessage. {@code tlsDone}: no more TLS will be
     * negotiated inside (an SSLRequest is answered 'N').
     */
    private void startup(Socket socket, Optional<DbCaller> caller, boolean tlsDone, String remote) throws IOException {
        Socket s = socket;
        s.setSoTimeout((int) DbGate.STARTUP_TIMEOUT.toMillis());
        for (int i = 0; i < MAX_PREFACES; i++) {
            StartupPacket p = StartupPacket.read(s.getInputStream());
            switch (p) {
                case StartupPacket.GssEncRequest g -> answer(s, 'N');
                case StartupPacket.SslRequest r -> {
                    if (tlsDone) {
                        answer(s, 'N');
                        continue;
                    }
                    Socket tls = acceptTls(s, remote);
                    if (tls == null) {
                        return;
                    }
                    s = tls;
                    s.setSoTimeout((int) DbGate.STARTUP_TIMEOUT.toMillis());
                    tlsDone = true;
                    try {
                        caller = DbCaller.of(((SSLSocket) tls).getSession(), gate.clock());
                    } catch (DbRefusal refusal) {
                        refuseEarly(s.getOutputStream(), refusal, remote);
                        return;
                    }
                }
                case StartupPacket.CancelRequest c -> {
                    cancel(c, remote);
                    return;
                }
                case StartupPacket.StartupMessage m -> {
                    session(s, caller, m, remote);
                    return;
                }
            }
        }
        throw new MalformedPgMessage("more than " + MAX_PREFACES + " requests before the startup message");
    }

    private static void answer(Socket s, char c) throws IOException {
        s.getOutputStream().write(c);
        s.getOutputStream().flush();
    }

    private void session(Socket s, Optional<DbCaller> caller, StartupPacket.StartupMessage m, String remote)
            throws IOException {
        OutputStream out = s.getOutputStream();
        String clientUser = m.user().orElse("");
        String clientDb = m.database().orElse("");
        DbGate.Admitted admitted;
        try {
            DbCaller c = caller.orElseThrow(() -> gate.refuse(DbRefusal.Kind.USER, "", "", clientUser, clientDb,
                    DbSpec.POSTGRES, "a client certificate is required: connect with the certificate gate db login "
                    + "writes (sslmode=verify-full sslcert=... sslkey=...), or through gate proxy db --tunnel", remote));
            String replication = m.parameters().get("replication");
            if (replication != null && !NOT_REPLICATION.contains(replication.toLowerCase(java.util.Locale.ROOT))) {
                throw gate.refuse(DbRefusal.Kind.USER, c.user().username(), "", clientUser, clientDb,
                        DbSpec.POSTGRES, "replication connections are not allowed through Gatehouse (they bypass "
                        + "statement audit)", remote);
            }
            admitted = gate.admit(c, DbSpec.POSTGRES, clientUser, clientDb, remote);
        } catch (DbRefusal r) {
            fatal(out, r.getMessage());
            return;
        }
        ServiceChannels.Opened agent;
        try {
            agent = gate.open(admitted, remote, params(m));
        } catch (ServiceChannels.RefusedException e) {
            fatal(out, e.getMessage());
            return;
        }
        LOG.debugf("postgres session: %s as %s on %s/%s from %s", admitted.caller().user().username(),
                admitted.dbUser(), admitted.db().name(), admitted.dbName(), remote);
        AutoCloseable key = null;
        try {
            key = agentStartup(agent.in(), out, admitted.db().name());
            if (key != null) {
                s.setSoTimeout(0);
                ServicePipe.both(s, s.getInputStream(), out, agent, new PgDownstream(admitted.db().name()));
            }
        } finally {
            agent.close();
            closeQuietly(key);
        }
    }

    /** pg.NAME for every start-up parameter but user and database (those travel as db_user/db_name). */
    static Map<String, String> params(StartupPacket.StartupMessage m) {
        Map<String, String> params = new LinkedHashMap<>();
        m.parameters().forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("database")) {
                params.put("pg." + k, v);
            }
        });
        return params;
    }

    /**
     * Forwards the agent's messages up to the first ReadyForQuery, keeping its BackendKeyData for
     * cancels. Returns the key's registration (a no-op one when the agent sent none), or null when
     * the agent ended before its ReadyForQuery (its ErrorResponse, if any, was forwarded).
     */
    private AutoCloseable agentStartup(InputStream fromAgent, OutputStream toClient, String db) throws IOException {
        PgMessageReader reader = new PgMessageReader(fromAgent, MAX_INSPECTED);
        BufferedOutputStream out = new BufferedOutputStream(toClient, 4096);
        AutoCloseable key = () -> { };
        while (true) {
            PgMessageReader.Header h;
            try {
                h = reader.next();
            } catch (java.io.EOFException e) {
                out.flush();
                closeQuietly(key);
                return null;
            }
            if (h.typeChar() == 'K' && h.bodyLength() <= MAX_INSPECTED) {
                PgMessage k = reader.body(h);
                closeQuietly(key);
                key = cancelKeys.register(BackendMessage.cancelKey(k), db);
                k.write(out);
            } else {
                reader.copy(h, out);
            }
            if (h.typeChar() == 'Z') {
                out.flush();
                return key;
            }
        }
    }

    /** A CancelRequest: to the agent serving the session with this key; unknown keys are dropped silently. */
    void cancel(StartupPacket.CancelRequest c, String remote) {
        Optional<String> db = cancelKeys.find(c);
        if (db.isEmpty()) {
            LOG.debugf("postgres cancel from %s: no session with that key here", remote);
            return;
        }
        try {
            gate.signal(db.get(), remote, Map.of("pg.cancel", c.processId() + ":" + HexFormat.of().formatHex(
                    c.secretKey())));
        } catch (IOException e) {
            LOG.debugf("postgres cancel for %s from %s not delivered: %s", db.get(), remote, e.getMessage());
        }
    }

    private void refuseEarly(OutputStream out, DbRefusal r, String remote) throws IOException {
        gate.refuse(r.kind(), r.user(), "", "", "", DbSpec.POSTGRES, r.getMessage(), remote);
        fatal(out, r.getMessage());
    }

    private static void fatal(OutputStream out, String message) throws IOException {
        BackendMessage.fatal(BackendMessage.INVALID_AUTHORIZATION, message, null).write(out);
        out.flush();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // a map removal: nothing to fail
        }
    }
}
