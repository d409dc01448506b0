package io.gatehouse.shared.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.gatehouse.shared.db.LoopbackRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readers between real clients (psql, the JDBC driver) and a real PostgreSQL: a relay that
 * frames every message both ways with this package, parses those small enough to inspect, and
 * passes them on (streaming the large ones). A misframed or refused message ends the connection
 * and fails the clients; what was parsed is checked against what the clients sent.
 * PostgreSQL is the one the tests use (GATEHOUSE_TEST_PG_*, as auth's tests; deploy/test.sh).
 */
class PgProtocolWithRealClientsTest {
    private static final String HOST = env("GATEHOUSE_TEST_PG_HOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(env("GATEHOUSE_TEST_PG_PORT", "5432"));
    private static final String USER = env("GATEHOUSE_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("GATEHOUSE_TEST_PG_PASSWORD", "");

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
    void psqlsSimpleQueriesCopyAndErrorsPassThroughTheReaders() throws Exception {
        String script = """
                CREATE TEMP TABLE t (id int, name text);
                COPY t FROM STDIN;
                1\talice
                2\tbob
                3\tcarol
                \\.
                COPY t TO STDOUT;
                SELECT length(repeat('x', 3000000)) AS big, md5(repeat('x', 3000000)) = md5(string_agg(x, ''))
                  FROM (SELECT repeat('x', 3000000) AS x) s;
                SELECT 1/0;
                SELECT 'still here';
                """;
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-At", "-w", "-h", "127.0.0.1", "-p",
                String.valueOf(relay.port()), "-U", USER, "-d", "postgres").redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", PASSWORD); // deploy/test.sh's private cluster asks for one (SCRAM)
        Process p = pb.start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("1\talice\n2\tbob\n3\tcarol"), out);
        assertTrue(out.contains("3000000|t"), out);
        assertTrue(out.contains("division by zero"), out);
        assertTrue(out.contains("still here"), out);
        assertTrue(seen.contains(new FrontendMessage.Query("SELECT 1/0;")), seen.toString());
        assertTrue(seen.contains("COPY 3"), "CommandComplete of the COPY FROM: " + seen);
        assertTrue(seen.contains("error 22012"), "the division's ErrorResponse: " + seen);
        assertTrue(seen.stream().anyMatch(StartupPacket.CancelRequest.class::isInstance), "BackendKeyData: " + seen);
        assertTrue(seen.stream().anyMatch(StartupPacket.SslRequest.class::isInstance), "psql asks for TLS first");
    }

    @Test
    void theJdbcDriversExtendedProtocolPassesThroughTheReaders() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?sslmode=disable"
                + "&prepareThreshold=1";
        try (var c = DriverManager.getConnection(url, USER, PASSWORD);
                var s = c.prepareStatement("SELECT ?::int + 1, ?::text")) {
            for (int i = 0; i < 3; i++) {
                s.setInt(1, 41 + i);
                s.setString(2, "secret-value");
                try (var rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(42 + i, rs.getInt(1));
                }
            }
        }
        assertTrue(seen.stream().anyMatch(m -> m instanceof FrontendMessage.Parse parse
                && parse.sql().equals("SELECT $1::int + 1, $2::text")), seen.toString());
        assertTrue(seen.stream().anyMatch(m -> m instanceof FrontendMessage.Bind b && b.parameterCount() == 2),
                seen.toString());
        assertTrue(seen.stream().noneMatch(m -> m.toString().contains("secret-value")),
                "bound values are not kept: " + seen);
    }

    /** One connection: startup (refusing TLS, as a plain relay), then both directions parsed and passed on. */
    private void serve(Socket client) {
        try (client; Socket server = new Socket(HOST, PORT)) {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            PgMessageReader clientReader = new PgMessageReader(fromClient, 1 << 16);
            StartupPacket first;
            while (true) {
                first = clientReader.startup();
                seen.add(first);
                if (first instanceof StartupPacket.StartupMessage || first instanceof StartupPacket.CancelRequest) {
                    break;
                }
                toClient.write('N'); // no TLS, no GSS: the client goes on in the clear
                toClient.flush();
            }
            OutputStream toServer = new BufferedOutputStream(server.getOutputStream());
            toServer.write(first.write());
            toServer.flush();
            Thread up = Thread.ofVirtual().start(() -> pump(clientReader, toServer, true));
            pump(new PgMessageReader(new BufferedInputStream(server.getInputStream()), 1 << 16),
                    new BufferedOutputStream(toClient), false);
            up.join(5_000);
        } catch (Exception ignored) {
            // a connection ends
        }
    }

    private void pump(PgMessageReader in, OutputStream out, boolean fromClient) {
        try {
            while (true) {
                PgMessageReader.Header h = in.next();
                if (h.bodyLength() > (1 << 16)) {
                    seen.add("streamed " + h.typeChar());
                    in.copy(h, out);
                } else {
                    PgMessage m = in.body(h);
                    seen.add(fromClient ? FrontendMessage.parse(m) : backend(m));
                    out.write(m.toBytes());
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

    private static Object backend(PgMessage m) throws MalformedPgMessage {
        return switch (m.typeChar()) {
            case 'E' -> "error " + BackendMessage.fields(m).code();
            case 'C' -> BackendMessage.commandTag(m);
            case 'K' -> BackendMessage.cancelKey(m);
            case 'Z' -> "ready " + BackendMessage.transactionStatus(m);
            default -> m;
        };
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
