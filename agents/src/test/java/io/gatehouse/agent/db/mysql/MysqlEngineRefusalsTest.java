package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.agent.db.BackendLogin;
import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.Handshake;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.rbac.AccessChecker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Databases the engine refuses to log in to, each with a message that says what to do. */
class MysqlEngineRefusalsTest {

    private static DbSession session(int port) {
        BackendLogin noTls = new BackendLogin() {
            @Override
            public SSLSocket startTls(Socket plain) throws IOException {
                throw new IOException("not reached");
            }

            @Override
            public Optional<char[]> password() {
                return Optional.empty();
            }
        };
        Instant now = Instant.now();
        return new DbSession("s", new DatabaseConfig("orders-db", "mysql", "127.0.0.1", port, Map.of(),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), Optional.empty()),
                new UserIdentity("alice", List.of(), Map.of(), List.of(), now, now.plusSeconds(60), Map.of(), false,
                        false, Optional.empty()), AccessChecker.refusing("none"), "app", "orders",
                Map.of("mysql.capabilities", Long.toString(RawClient.CAPABILITIES), "mysql.sequence", "1"), "",
                noTls, new RecordingAudit());
    }

    @Test
    void aDatabaseThatDoesNotOfferTlsIsRefused() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = fake.accept()) {
                    Handshake plain = new Handshake("10.11.0-MariaDB", 5, new byte[20], Capabilities.PROTOCOL_41
                            | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH, 45, 2, "mysql_native_password");
                    MysqlPackets.write(s.getOutputStream(), 0, plain.toPayload());
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the engine hangs up
                }
            });
            IOException e = assertThrows(IOException.class, () -> new MysqlEngine().connect(session(
                    fake.getLocalPort())));
            assertEquals("the database 'orders-db' does not offer TLS; Gatehouse requires it (configure "
                    + "ssl_cert/ssl_key on the server)", e.getMessage());
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithItsAddress() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> new MysqlEngine(Duration.ofSeconds(2)).connect(
                session(port)));
        assertEquals("cannot reach the database 'orders-db' at 127.0.0.1:" + port + ": Connection refused; is it "
                + "running?", e.getMessage());
    }
}
