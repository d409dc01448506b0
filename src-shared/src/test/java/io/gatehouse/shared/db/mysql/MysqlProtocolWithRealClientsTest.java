package io.gatehouse.shared.db.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.gatehouse.shared.db.LoopbackRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packet readers between real clients (the mariadb command-line client, MariaDB's JDBC driver)
 * and a real MariaDB (deploy/mariadb.sh, GATEHOUSE_MYSQL_*): a relay that parses the greeting and
 * the client's answer and forwards them re-encoded by this package (TLS taken out of the greeting,
 * as a relay that is not the endpoint must), then frames every packet both ways, parsing commands.
 * A wrong byte anywhere fails the clients' login or their results.
 */
class MysqlProtocolWithRealClientsTest {
    private static final String HOST = env("GATEHOUSE_MYSQL_HOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(env("GATEHOUSE_MYSQL_PORT", "13306"));
    private static final String USER = env("GATEHOUSE_MYSQL_USER", "gatehouse");
    private static final int INSPECT = 1 << 16;

    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private LoopbackRelay relay;

    @BeforeEach
    void startRelay() throws IOException {
        relay = new LoopbackRelay(this::serve);
    }

    @AfterEach
    void stopRelay() throws IOException {
        relay.close();
    }

    @Test
    void theMariadbClientsQueriesDatabaseSwitchesAndErrorsPassThroughTheReaders() throws Exception {
        String script = """
                CREATE DATABASE IF NOT EXISTS gh_relay;
                USE gh_relay;
                CREATE TEMPORARY TABLE t (id INT, name TEXT);
                INSERT INTO t VALUES (1, 'alice'), (2, 'bob');
                DELIMITER //
                SELECT COUNT(*) AS n FROM t; SELECT name FROM t ORDER BY id DESC LIMIT 1 //
                DELIMITER ;
                SELECT * FROM no_such_table;
                SELECT 'still here';
                """;
        ProcessBuilder pb = new ProcessBuilder("mariadb", "--no-defaults", "--force", "--batch", "--skip-column-names",
                "-h", "127.0.0.1", "-P", String.valueOf(relay.port()), "-u", USER).redirectErrorStream(true);
        pb.environment().put("MYSQL_PWD", password());
        Process p = pb.start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("2\nbob\n"), "both results of the multi-statement query: " + out);
        assertTrue(out.contains("ERROR 1146 (42S02)"), out);
        assertTrue(out.contains("still here"), out);
        assertTrue(seen.contains(new Command.InitDb("gh_relay")), "USE is a COM_INIT_DB: " + seen);
        assertTrue(seen.contains(new Command.Query("SELECT COUNT(*) AS n FROM t; SELECT name FROM t ORDER BY id DESC "
                + "LIMIT 1")), seen.toString());
        assertTrue(seen.stream().anyMatch(o -> o instanceof HandshakeResponse r && r.user().equals(USER)), seen.toString());
        assertTrue(seen.stream().anyMatch(o -> o instanceof Replies.Error e && e.code() == 1146
                && e.sqlState().equals("42S02")), seen.toString());
    }

    @Test
    void theDriversPreparedStatementsAndPacketsPast16MibPassThroughTheReaders() throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:" + relay.port() + "/?useServerPrepStmts=true&sslMode=disable"
                + "&maxAllowedPacket=67108864";
        String big = "x".repeat(17_000_000); // one COM_QUERY split across two packets
        try (var c = DriverManager.getConnection(url, USER, password())) {
            try (var s = c.prepareStatement("SELECT ? + 1, ?")) {
                s.setInt(1, 41);
                s.setString(2, "secret-value");
                try (var rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                }
            }
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT LENGTH('" + big + "'), "
                    + "REPEAT('y', 17000000)")) {
                assertTrue(rs.next());
                assertEquals(17_000_000, rs.getInt(1));
                assertEquals(17_000_000, rs.getString(2).length(), "a row past 16 MiB, streamed by the relay");
            }
        }
        assertTrue(seen.contains(new Command.StmtPrepare("SELECT ? + 1, ?")), seen.toString());
        assertTrue(seen.stream().anyMatch(Command.StmtExecute.class::isInstance), seen.toString());
        assertTrue(seen.contains("client packet past the inspection limit"), seen.toString());
        assertTrue(seen.contains("server packet past the inspection limit"), seen.toString());
        assertFalse(seen.stream().anyMatch(o -> o.toString().contains("secret-value")), "bound values are not kept");
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket(HOST, PORT)) {
            MysqlPackets fromServer = new MysqlPackets(new BufferedInputStream(server.getInputStream()), INSPECT);
            MysqlPackets fromClient = new MysqlPackets(new BufferedInputStream(client.getInputStream()), INSPECT);
            OutputStream toClient = new BufferedOutputStream(client.getOutputStream());
            OutputStream toServer = new BufferedOutputStream(server.getOutputStream());
            MysqlPackets.Packet greeting = fromServer.read();
            Handshake hello = Handshake.parse(greeting.payload()).withCapabilities(
                    Handshake.parse(greeting.payload()).capabilities() & ~Capabilities.SSL);
            seen.add(hello);
            MysqlPackets.write(toClient, greeting.sequence(), hello.toPayload());
            toClient.flush();
            MysqlPackets.Packet answer = fromClient.read();
            HandshakeResponse response = HandshakeResponse.parse(answer.payload());
            seen.add(response);
            MysqlPackets.write(toServer, answer.sequence(), response.toPayload());
            toServer.flush();
            long agreed = hello.capabilities() & response.capabilities();
            Thread up = Thread.ofVirtual().start(() -> pump(fromClient, toServer, true, agreed));
            pump(fromServer, toClient, false, agreed);
            up.join(5_000);
        } catch (Exception ignored) {
            // a connection ends
        }
    }

    private void pump(MysqlPackets in, OutputStream out, boolean fromClient, long capabilities) {
        try {
            while (true) {
                MysqlPackets.Header h = in.next();
                if (h.length() >= INSPECT) {
                    seen.add((fromClient ? "client" : "server") + " packet past the inspection limit");
                    in.copy(h, out);
                } else {
                    MysqlPackets.Packet p = in.read(h);
                    if (fromClient && p.sequence() == 0) {
                        seen.add(Command.parse(p.payload(), capabilities));
                    } else if (!fromClient && p.first() == Replies.ERR) {
                        seen.add(Replies.errorOf(p.payload()));
                    }
                    MysqlPackets.write(out, p.sequence(), p.payload());
                }
                out.flush();
            }
        } catch (IOException | RuntimeException ended) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /**
     * GATEHOUSE_MYSQL_PASSWORD_FILE (deploy/test.sh), else the copy deploy/mariadb.sh leaves in the
     * checkout's .test-state, so a test run straight from Maven works after one deploy/test.sh.
     */
    private static String password() throws IOException {
        Path fallback = Path.of("").toAbsolutePath().resolveSibling(".test-state").resolve("mysql-password");
        return Optional.ofNullable(System.getenv("GATEHOUSE_MYSQL_PASSWORD_FILE")).filter(f -> !f.isEmpty())
                .map(Path::of).or(() -> Optional.of(fallback).filter(Files::isReadable))
                .map(MysqlProtocolWithRealClientsTest::read)
                .orElseThrow(() -> new IOException("no MariaDB password: run deploy/mariadb.sh ensure .test-state "
                        + "(deploy/test.sh does) or set GATEHOUSE_MYSQL_PASSWORD_FILE"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
