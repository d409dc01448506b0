package io.gatehouse.proxy.db.mysql;

import io.gatehouse.proxy.db.DbCaller;
import io.gatehouse.proxy.db.DbGate;
import io.gatehouse.proxy.service.ServicePipe;
import io.gatehouse.proxy.db.DbRefusal;
import io.gatehouse.proxy.routing.Route;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.Handshake;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.Replies;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * The proxy's MySQL/MariaDB front (contract steps 1-4). The proxy is the server the client sees
 * first (MySQL's Connection Phase, "Protocol::Handshake"):
 *
 * <pre>
 * GREETING (seq 0; SSL offered only when the outer TLS carried no certificate)
 *   --SSL request (seq 1)--> client's TLS, certificate wanted --> its HandshakeResponse (seq 2)
 *   --HandshakeResponse (seq n)--> checks (DbGate) --refused--> ERR 1045/1044 (seq n+1), close
 *                                                  --admitted--> service channel with mysql.sequence = n
 *                                                     --refused--> ERR 1045 (seq n+1), close
 *                                                     --accepted--> the agent's OK (seq n+1), then PIPE
 * </pre>
 *
 * The client's password proof is ignored: the certificate authenticates. Whatever plugin the client
 * used, the agent's OK follows its HandshakeResponse directly (no AuthSwitch).
 */
public final class MysqlFront implements Route.StreamHandler {
    private static final Logger LOG = Logger.getLogger(MysqlFront.class);
    public static final String SERVER_VERSION = "8.0.0-Gatehouse";
    private static final long LONG_FLAG = 0x4;
    /** What the greeting offers (MySQL's CLIENT_* flags), SSL apart. */
    static final long CAPABILITIES = Capabilities.CLIENT_MYSQL | LONG_FLAG | Capabilities.CONNECT_WITH_DB
            | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
            | Capabilities.MULTI_STATEMENTS | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.SESSION_TRACK
            | Capabilities.DEPRECATE_EOF;
    /** utf8mb4_general_ci: known to MySQL and MariaDB clients alike. */
    static final int CHARSET = 45;
    private static final int STATUS_AUTOCOMMIT = 2;
    /** The client's answers are small (user, database, attributes); a larger one is not a client. */
    private static final int MAX_INSPECTED = 64 * 1024;

    private final DbGate gate;
    private final SecureRandom random = new SecureRandom();

    public MysqlFront(DbGate gate) {
        this.gate = gate;
    }

    @Override
    public void serve(SSLSocket socket, String remote) throws IOException {
        Optional<DbCaller> caller;
        try {
            caller = DbCaller.of(socket.getSession(), gate.clock());
        } catch (DbRefusal r) {
            gate.refuse(r.kind(), r.user(), "", "", "", DbSpec.MYSQL, r.getMessage(), remote);
            error(socket.getOutputStream(), 0, Replies.ACCESS_DENIED, "28000", r.getMessage());
            return;
        }
        socket.setSoTimeout((int) DbGate.STARTUP_TIMEOUT.toMillis());
        Handshake greeting = greeting(caller.isEmpty());
        MysqlPackets.write(socket.getOutputStream(), 0, greeting.toPayload());
        socket.getOutputStream().flush();
        Socket s = socket;
        MysqlPackets.Packet answer = new MysqlPackets(s.getInputStream(), MAX_INSPECTED).read();
        if (HandshakeResponse.isSslRequest(answer.payload())) {
            if (caller.isPresent()) {
                refuse(s, answer.sequence(), DbRefusal.Kind.USER, caller.get().user().username(), "", "",
                        "this connection is authenticated by its outer TLS (gate proxy db --tunnel); connect "
                        + "without SSL (--skip-ssl)", remote);
                return;
            }
            try {
                s = gate.upgrade(s);
                s.setSoTimeout((int) DbGate.STARTUP_TIMEOUT.toMillis());
            } catch (SSLException e) {
                gate.refuse(DbRefusal.Kind.USER, "", "", "", "", DbSpec.MYSQL, "TLS with the client failed (a "
                        + "certificate not from this cluster's user CA?): " + e.getMessage(), remote);
                return;
            }
            try {
                caller = DbCaller.of(((SSLSocket) s).getSession(), gate.clock());
            } catch (DbRefusal r) {
                refuse(s, answer.sequence() + 1, r.kind(), r.user(), "", "", r.getMessage(), remote);
                return;
            }
            answer = new MysqlPackets(s.getInputStream(), MAX_INSPECTED).read();
        }
        try {
            session(s, caller, greeting, answer, remote);
        } finally {
            if (s != socket) {
                s.close();
            }
        }
    }

    private void session(Socket s, Optional<DbCaller> caller, Handshake greeting, MysqlPackets.Packet answer,
            String remote) throws IOException {
        HandshakeResponse hello = HandshakeResponse.parse(answer.payload());
        String clientDb = hello.database().orElse("");
        if (caller.isEmpty()) {
            refuse(s, answer.sequence(), DbRefusal.Kind.USER, "", hello.user(), clientDb, "a client certificate is "
                    + "required: connect with --ssl and the certificate gate db login writes (--ssl-cert, --ssl-key), "
                    + "or through gate proxy db --tunnel", remote);
            return;
        }
        DbGate.Admitted admitted;
        try {
            admitted = gate.admit(caller.get(), DbSpec.MYSQL, hello.user(), clientDb, remote);
        } catch (DbRefusal r) {
            error(s.getOutputStream(), answer.sequence() + 1, code(r.kind()), state(r.kind()), r.getMessage());
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        // What the connection agreed on: the client's flags within what the greeting offered.
        params.put("mysql.capabilities", Long.toUnsignedString(hello.capabilities() & greeting.capabilities()));
        params.put("mysql.charset", Integer.toString(hello.charset()));
        params.put("mysql.max_packet", Long.toString(hello.maxPacket()));
        params.put("mysql.sequence", Integer.toString(answer.sequence()));
        ServiceChannels.Opened agent;
        try {
            agent = gate.open(admitted, remote, params);
        } catch (ServiceChannels.RefusedException e) {
            error(s.getOutputStream(), answer.sequence() + 1, Replies.ACCESS_DENIED, "28000", e.getMessage());
            return;
        }
        LOG.debugf("mysql session: %s as %s on %s/%s from %s", admitted.caller().user().username(), admitted.dbUser(),
                admitted.db().name(), admitted.dbName(), remote);
        s.setSoTimeout(0);
        ServicePipe.both(s, s.getInputStream(), s.getOutputStream(), agent, new MysqlDownstream(admitted.db().name(),
                answer.sequence()));
    }

    Handshake greeting(boolean offerSsl) {
        byte[] scramble = new byte[20];
        for (int i = 0; i < scramble.length; i++) {
            scramble[i] = (byte) (0x21 + random.nextInt(0x7e - 0x21 + 1)); // printable, never NUL (as MySQL's)
        }
        long caps = CAPABILITIES | (offerSsl ? Capabilities.SSL : 0);
        return new Handshake(SERVER_VERSION, random.nextInt(1, Integer.MAX_VALUE), scramble, caps, CHARSET,
                STATUS_AUTOCOMMIT, "mysql_native_password");
    }

    private void refuse(Socket s, int answerSequence, DbRefusal.Kind kind, String user, String dbUser, String dbName,
            String reason, String remote) throws IOException {
        gate.refuse(kind, user, "", dbUser, dbName, DbSpec.MYSQL, reason, remote);
        error(s.getOutputStream(), answerSequence + 1, code(kind), state(kind), reason);
    }

    private static int code(DbRefusal.Kind kind) {
        return kind == DbRefusal.Kind.DATABASE ? Replies.DB_ACCESS_DENIED : Replies.ACCESS_DENIED;
    }

    private static String state(DbRefusal.Kind kind) {
        return kind == DbRefusal.Kind.DATABASE ? "42000" : "28000";
    }

    private static void error(OutputStream out, int sequence, int code, String sqlState, String message)
            throws IOException {
        MysqlPackets.write(out, sequence & 0xff, Replies.error(code, sqlState, message));
        out.flush();
    }
}
