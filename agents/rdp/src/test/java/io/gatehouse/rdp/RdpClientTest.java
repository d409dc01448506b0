package io.gatehouse.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How connect() fails before there is a session: each failure has its reason and a sentence. */
class RdpClientTest {
    private static RdpSettings settings(int port) {
        return new RdpSettings("127.0.0.1", port, "alice", "s3cret-pw", "", 800, 600, 16, true, Duration.ofSeconds(1),
                ServerTrust.fingerprint("00".repeat(32)), RdpSettings.Security.NEGOTIATE);
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RdpConnectException e = assertThrows(RdpConnectException.class,
                () -> RdpClient.connect(settings(port), new RecordingListener()));
        assertEquals(RdpConnectException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            RdpConnectException e = assertThrows(RdpConnectException.class,
                    () -> RdpClient.connect(settings(s.getLocalPort()), new RecordingListener()));
            assertEquals(RdpConnectException.Reason.TIMEOUT, e.reason());
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            assertFalse(e.getMessage().contains("s3cret-pw"));
        }
    }

    @Test
    void aServerRefusingTlsFailsTheNegotiationWithItsReason() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = s.accept()) {
                    c.getInputStream().read(new byte[512]);
                    OutputStream out = c.getOutputStream();
                    // X.224 Connection Confirm with RDP_NEG_FAILURE HYBRID_REQUIRED_BY_SERVER
                    out.write(new byte[] {3, 0, 0, 19, 14, (byte) 0xD0, 0, 0, 0x12, 0x34, 0, 3, 0, 8, 0, 5, 0, 0, 0});
                    out.flush();
                    Thread.sleep(500);
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            RdpConnectException e = assertThrows(RdpConnectException.class,
                    () -> RdpClient.connect(settings(s.getLocalPort()), new RecordingListener()));
            assertEquals(RdpConnectException.Reason.NEGOTIATION, e.reason());
            assertTrue(e.getMessage().contains("Network Level Authentication"), e.getMessage());
        }
    }
}
