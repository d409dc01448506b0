package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.agent.db.BackendLogin;
import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.Handshake;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.MysqlWire;
import io.gatehouse.shared.db.mysql.Replies;
import io.gatehouse.shared.rbac.AccessChecker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The login exchanges a MariaDB here does not make (an auth switch to mysql_native_password, MySQL's
 * caching_sha2_password), against a scripted server: its packets in, the agent's packets checked.
 */
class BackendAuthenticationTest {
    private static final long CAPS = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.SSL;
    private static final byte[] SCRAMBLE = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER = "ABCDEFGHIJKLMNOPQRST".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private BackendAuthentication.Result login(String password, byte[]... serverPackets) throws IOException {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        int seq = 3;
        for (byte[] p : serverPackets) {
            MysqlPackets.write(script, seq, p);
            seq += 2;
        }
        BackendLogin login = new BackendLogin() {
            @Override
            public SSLSocket startTls(Socket plain) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<char[]> password() {
                return Optional.of(password.toCharArray());
            }
        };
        Instant now = Instant.now();
        DbSession session = new DbSession("s", new DatabaseConfig("orders-db", "mysql", "127.0.0.1", 3306, Map.of(),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), Optional.empty()), new UserIdentity("alice",
                List.of(), Map.of(), List.of(), now, now, Map.of(), false, false, Optional.empty()),
                AccessChecker.refusing("none"), "app", "", Map.of(), "", login, new RecordingAudit());
        Handshake greeting = new Handshake("8.0.40", 1, SCRAMBLE, CAPS, 45, 2, "caching_sha2_password");
        return new BackendAuthentication(session, greeting, new MysqlPackets(new ByteArrayInputStream(
                script.toByteArray()), 1 << 16), sent).login(CAPS, 1 << 24, 45);
    }

    private List<MysqlPackets.Packet> sentPackets() throws IOException {
        MysqlPackets in = new MysqlPackets(new ByteArrayInputStream(sent.toByteArray()), 1 << 16);
        List<MysqlPackets.Packet> out = new java.util.ArrayList<>();
        while (true) {
            try {
                out.add(in.read());
            } catch (java.io.EOFException end) {
                return out;
            }
        }
    }

    private static byte[] authSwitch(String plugin, byte[] data) {
        return new MysqlWire.Payload().int1(0xfe).nulString(plugin).bytes(data).int1(0).toBytes();
    }

    @Test
    void anAuthSwitchToNativePasswordIsAnsweredWithTheProofForTheNewScramble() throws IOException {
        login("s3cret", authSwitch("mysql_native_password", OTHER), Replies.ok(0, 2));
        List<MysqlPackets.Packet> p = sentPackets();
        HandshakeResponse first = HandshakeResponse.parse(p.get(0).payload());
        assertEquals(2, p.get(0).sequence());
        assertEquals("mysql_native_password", first.authPlugin());
        assertEquals(4, p.get(1).sequence());
        // The server's check: SHA1(proof XOR SHA1(scramble + stored)) == stored, stored = SHA1(SHA1(pw)).
        byte[] stored = sha("SHA-1", sha("SHA-1", "s3cret".getBytes()));
        byte[] stage1 = xor(p.get(1).payload(), sha("SHA-1", concat(OTHER, stored)));
        assertArrayEquals(stored, sha("SHA-1", stage1));
    }

    @Test
    void cachingSha2FastAuthAndFullAuthInsideTlsBothLogIn() throws IOException {
        login("s3cret", authSwitch("caching_sha2_password", OTHER), new byte[] {0x01, 0x03}, Replies.ok(0, 2));
        byte[] proof = sentPackets().get(1).payload();
        byte[] stored = sha("SHA-256", sha("SHA-256", "s3cret".getBytes()));
        byte[] stage1 = xor(proof, sha("SHA-256", concat(stored, OTHER)));
        assertArrayEquals(stored, sha("SHA-256", stage1), "SHA256(SHA256(pw)) recovered as the server does");

        sent.reset();
        login("s3cret", authSwitch("caching_sha2_password", OTHER), new byte[] {0x01, 0x04}, Replies.ok(0, 2));
        List<MysqlPackets.Packet> p = sentPackets();
        assertArrayEquals("s3cret\0".getBytes(), p.get(2).payload(), "full auth: the password, inside TLS");
        assertEquals(6, p.get(2).sequence());
    }

    @Test
    void aPluginGatehouseDoesNotSpeakIsRefusedWithWhatToDo() {
        IOException e = assertThrows(IOException.class, () -> login("s3cret", authSwitch("client_ed25519", OTHER)));
        assertEquals("the database 'orders-db' refused the login of database user 'app': the database user 'app' "
                + "logs in with the client_ed25519 plugin, which Gatehouse does not speak; use mysql_native_password "
                + "for that user (or certificate auth: REQUIRE SUBJECT '/CN=app')", e.getMessage());
    }

    @Test
    void theServersRefusalIsPassedOn() {
        IOException e = assertThrows(IOException.class, () -> login("s3cret", Replies.error(1045, "28000",
                "Access denied for user 'app'@'10.0.0.1'")));
        assertEquals("the database 'orders-db' refused the login of database user 'app': Access denied for user "
                + "'app'@'10.0.0.1'", e.getMessage());
    }

    private static byte[] sha(String algorithm, byte[] b) {
        try {
            return MessageDigest.getInstance(algorithm).digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
