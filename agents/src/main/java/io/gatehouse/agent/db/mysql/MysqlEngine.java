package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.agent.db.DbEngine;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.Handshake;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * The MySQL/MariaDB engine: dials the database, insists on TLS (the SSL request packet, then
 * {@link io.gatehouse.agent.db.BackendLogin#startTls}), logs in as the session's database user
 * ({@link BackendAuthentication}) and hands the connection to a {@link MysqlConnection} that serves
 * the client.
 *
 * <p>Connection phase (MySQL client/server protocol, "Connection Phase"): greeting (sequence 0) →
 * SSL request (1) → TLS → HandshakeResponse41 (2) → OK / ERR / AuthSwitchRequest / more data.
 */
public final class MysqlEngine implements DbEngine {
    /** Packets Gatehouse reads whole to inspect them (commands, auth, small replies); larger ones stream. */
    static final int INSPECT_LIMIT = 1 << 20;

    private final Duration connectTimeout;

    public MysqlEngine(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public MysqlEngine() {
        this(Duration.ofSeconds(10));
    }

    @Override
    public Connection connect(DbSession session) throws IOException {
        DatabaseConfig db = session.database();
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            try {
                plain.connect(new InetSocketAddress(db.host(), db.port()), (int) connectTimeout.toMillis());
            } catch (IOException e) {
                throw new IOException("cannot reach the database '" + db.name() + "' at " + db.uri() + ": "
                        + e.getMessage() + "; is it running?", e);
            }
            plain.setSoTimeout((int) connectTimeout.toMillis());
            MysqlPackets plainIn = new MysqlPackets(new BufferedInputStream(plain.getInputStream()), INSPECT_LIMIT);
            Handshake greeting = greeting(db, plainIn);
            long capabilities = capabilities(session, greeting);
            int charset = (int) number(session, "mysql.charset", greeting.charset()) & 0xff;
            long maxPacket = number(session, "mysql.max_packet", 16 * 1024 * 1024) & 0xffff_ffffL;
            OutputStream plainOut = plain.getOutputStream();
            MysqlPackets.write(plainOut, 1, HandshakeResponse.sslRequest(capabilities, maxPacket, charset));
            plainOut.flush();
            SSLSocket tls = session.login().startTls(plain);
            tls.setSoTimeout((int) connectTimeout.toMillis());
            BufferedInputStream serverIn = new BufferedInputStream(tls.getInputStream(), 64 * 1024);
            MysqlPackets in = new MysqlPackets(serverIn, INSPECT_LIMIT);
            OutputStream out = new BufferedOutputStream(tls.getOutputStream(), 64 * 1024);
            BackendAuthentication.Result ok = new BackendAuthentication(session, greeting, in, out)
                    .login(capabilities, maxPacket, charset);
            tls.setSoTimeout(0);
            return new MysqlConnection(session, tls, serverIn, out, capabilities, ok.okPayload());
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    private static Handshake greeting(DatabaseConfig db, MysqlPackets in) throws IOException {
        Handshake greeting;
        try {
            greeting = Handshake.parse(in.read().payload());
        } catch (IOException e) {
            throw new IOException("the database '" + db.name() + "' at " + db.uri() + " did not greet as MySQL or "
                    + "MariaDB: " + e.getMessage(), e);
        }
        if (!Capabilities.has(greeting.capabilities(), Capabilities.SSL)) {
            throw new IOException("the database '" + db.name() + "' does not offer TLS; Gatehouse requires it "
                    + "(configure ssl_cert/ssl_key on the server)");
        }
        return greeting;
    }

    /**
     * What the agent asks the database for: the client's flags the server also has (so replies are
     * framed as the client expects), plus what this login needs, minus compression (the relay reads
     * packets; the proxy does not offer it) and connection attributes (the agent sends none).
     */
    static long capabilities(DbSession session, Handshake greeting) throws IOException {
        long client;
        try {
            client = Long.parseLong(session.param("mysql.capabilities"));
        } catch (NumberFormatException e) {
            throw new IOException("the session for '" + session.database().name() + "' has no mysql.capabilities "
                    + "parameter from the proxy");
        }
        long caps = client & greeting.capabilities();
        caps |= Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
                | Capabilities.SSL;
        caps &= ~(Capabilities.COMPRESS | Capabilities.CONNECT_ATTRS | Capabilities.MARIADB_COM_MULTI);
        if (session.dbName().isEmpty()) {
            caps &= ~Capabilities.CONNECT_WITH_DB;
        } else {
            caps |= Capabilities.CONNECT_WITH_DB;
        }
        return caps & greeting.capabilities();
    }

    private static long number(DbSession session, String name, long fallback) {
        try {
            return Long.parseLong(session.param(name));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
