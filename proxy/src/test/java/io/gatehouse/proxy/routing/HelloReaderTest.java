package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PostgreSQL's plaintext prefaces beside TLS: recognised exactly, byte by byte, and nothing else. */
class HelloReaderTest {
    private static byte[] cancel(int pid, int secret) {
        return ByteBuffer.allocate(16).putInt(16).putInt(80877102).putInt(pid).putInt(secret).array();
    }

    @Test
    void anSslRequestIsAPrefaceOnceAllEightBytesArrived() throws Exception {
        byte[] ssl = ByteBuffer.allocate(8).putInt(8).putInt(80877103).array();
        assertArrayEquals(HelloReader.PG_SSL_REQUEST, ssl);
        for (int n = 1; n < 8; n++) {
            assertNull(HelloReader.postgres(ssl, n), "a prefix of " + n + " bytes waits for more");
        }
        HelloReader.PostgresPreface p = HelloReader.postgres(ssl, 8);
        assertFalse(p.isCancel());
    }

    @Test
    void aCancelRequestIsAPrefaceOnceAllSixteenBytesArrived() throws Exception {
        byte[] c = cancel(4242, 0x11223344);
        assertNull(HelloReader.postgres(c, 8));
        assertNull(HelloReader.postgres(c, 15));
        assertTrue(HelloReader.postgres(c, 16).isCancel());
    }

    @Test
    void otherPlaintextIsMalformed() {
        byte[] gss = ByteBuffer.allocate(8).putInt(8).putInt(80877104).array();
        assertThrows(MalformedClientHello.class, () -> HelloReader.postgres(gss, 8));
        byte[] startup = ByteBuffer.allocate(8).putInt(40).putInt(196608).array();
        assertThrows(MalformedClientHello.class, () -> HelloReader.postgres(startup, 8));
        byte[] sslAndMore = Arrays.copyOf(HelloReader.PG_SSL_REQUEST, 12);
        assertThrows(MalformedClientHello.class, () -> HelloReader.postgres(sslAndMore, 12));
        byte[] cancelAndMore = Arrays.copyOf(cancel(1, 2), 20);
        assertThrows(MalformedClientHello.class, () -> HelloReader.postgres(cancelAndMore, 20));
    }

    @Test
    void aPrefaceSentInPiecesOverASocketIsReadExactly() throws Exception {
        try (ServerSocket server = new ServerSocket(0); Socket client = new Socket("127.0.0.1", server.getLocalPort());
                Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            byte[] c = cancel(7, 8);
            Thread.ofVirtual().start(() -> {
                try {
                    out.write(c, 0, 5);
                    out.flush();
                    Thread.sleep(50);
                    out.write(c, 5, 11);
                    out.flush();
                } catch (Exception ignored) {
                    // the test fails on the reading side
                }
            });
            var first = assertInstanceOf(HelloReader.PostgresPreface.class, HelloReader.read(accepted,
                    Duration.ofSeconds(5)));
            assertArrayEquals(c, first.bytes());
            assertEquals(0, accepted.getInputStream().available());
        }
    }
}
