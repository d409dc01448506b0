package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.DbEngine;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.LoopbackRelay;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.Handshake;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.Replies;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Plays the proxy's part in front of the engine, over loopback: greets the client without SSL (as in
 * tunnel mode), reads its HandshakeResponse, builds the session with the parameters the contract
 * names (mysql.capabilities, charset, max_packet, sequence), connects the engine and lets it serve.
 * A refused connection reaches the client as ERR 1045, as the proxy sends it.
 */
final class ProxyPart implements AutoCloseable {
    /** What a proxy's greeting offers: the usual 4.1 set and MariaDB's extensions, without SSL or compression. */
    static final long OFFERED = 0x2 | 0x4 | Capabilities.CONNECT_WITH_DB | Capabilities.LOCAL_FILES | 0x100
            | Capabilities.PROTOCOL_41 | 0x400 | 0x1000 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
            | Capabilities.MULTI_STATEMENTS | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS
            | Capabilities.PLUGIN_AUTH | Capabilities.CONNECT_ATTRS | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA
            | Capabilities.SESSION_TRACK | Capabilities.DEPRECATE_EOF | Capabilities.MARIADB_PROGRESS
            | Capabilities.MARIADB_STMT_BULK_OPERATIONS | Capabilities.MARIADB_EXTENDED_METADATA
            | Capabilities.MARIADB_CACHE_METADATA;

    interface Sessions {
        DbSession session(HandshakeResponse response, Map<String, String> params);
    }

    private final DbEngine engine;
    private final Sessions sessions;
    private final long offered;
    private final LoopbackRelay relay;

    ProxyPart(DbEngine engine, long offered, Sessions sessions) throws IOException {
        this.engine = engine;
        this.sessions = sessions;
        this.offered = offered;
        this.relay = new LoopbackRelay(this::serve);
    }

    int port() {
        return relay.port();
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            byte[] scramble = new byte[20];
            new SecureRandom().nextBytes(scramble);
            for (int i = 0; i < scramble.length; i++) {
                scramble[i] = (byte) (0x21 + (scramble[i] & 0x3f)); // printable, no NUL, as servers do
            }
            Handshake hello = new Handshake("10.11.0-MariaDB-gatehouse", 1, scramble, offered, 45, 2,
                    "mysql_native_password");
            MysqlPackets.write(out, 0, hello.toPayload());
            out.flush();
            MysqlPackets.Packet answer = new MysqlPackets(in, 1 << 16).read();
            HandshakeResponse response = HandshakeResponse.parse(answer.payload());
            DbSession session = sessions.session(response, Map.of("mysql.capabilities",
                    Long.toString(response.capabilities()), "mysql.charset", Integer.toString(response.charset()),
                    "mysql.max_packet", Long.toString(response.maxPacket()), "mysql.sequence",
                    Integer.toString(answer.sequence())));
            DbEngine.Connection connection;
            try {
                connection = engine.connect(session);
            } catch (IOException e) {
                MysqlPackets.write(out, answer.sequence() + 1, Replies.error(Replies.ACCESS_DENIED, "28000",
                        e.getMessage()));
                out.flush();
                return;
            }
            try (connection) {
                connection.serve(in, out);
            }
        } catch (IOException | RuntimeException e) {
            // the client or the test went away
        }
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
