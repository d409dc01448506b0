package io.gatehouse.rdp.nla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole CredSSP exchange against {@link FakeCredSspServer}, a fake peer written from the
 * specifications (no Windows server can run here, so this is how the protocol logic is tested
 * end to end). A loopback socket stands in for the TLS streams.
 */
class CredSspTest {
    private static final String PASSWORD = "Corr3ct-hörse-€";
    /** An RSAPublicKey-shaped blob; CredSSP treats it as opaque bytes. */
    private static final byte[] PUBLIC_KEY = HexFormat.of().parseHex("3082010a0282010100c1d2e3f4ff0203010001");

    private interface Peer {
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    @ParameterizedTest(name = "CredSSP version {0}, server timestamp {1}")
    @CsvSource({"6,true", "6,false", "5,true", "4,true", "3,false", "2,false", "9,true"})
    void rightPasswordDeliversTheCredentialsIntact(int version, boolean timestamp) throws Exception {
        FakeCredSspServer server = new FakeCredSspServer(version, PASSWORD, PUBLIC_KEY, timestamp);
        run(server::serve, PUBLIC_KEY, PASSWORD);
        assertEquals(new TsCredentials("TESTDOM", "alice", PASSWORD), server.receivedCredentials);
        assertEquals(PASSWORD, server.receivedCredentials.password());
        assertEquals(timestamp, server.micVerified);
    }

    @Test
    void wrongPasswordIsRefusedWithLogonFailure() throws Exception {
        FakeCredSspServer server = new FakeCredSspServer(6, PASSWORD, PUBLIC_KEY, true);
        LogonRefusedException e = assertThrows(LogonRefusedException.class,
                () -> run(server::serve, PUBLIC_KEY, "not-the-password"));
        assertEquals("the desktop refused the credential for 'TESTDOM\\alice' (STATUS_LOGON_FAILURE);"
                + " check the password configured on the agent", e.getMessage());
        assertEquals(0xC000006DL, e.status().getAsLong());
        assertNull(server.receivedCredentials);
    }

    @Test
    void aVersion2ServerRefusesByHangingUp() throws Exception {
        FakeCredSspServer server = new FakeCredSspServer(2, PASSWORD, PUBLIC_KEY, false);
        LogonRefusedException e = assertThrows(LogonRefusedException.class,
                () -> run(server::serve, PUBLIC_KEY, "not-the-password"));
        assertTrue(e.getMessage().contains("closed the connection after the NTLM AUTHENTICATE"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));
        assertTrue(e.status().isEmpty());
    }

    @Test
    void aDifferentTlsKeyAtTheServerStopsTheClientBeforeThePasswordIsSent() throws Exception {
        // The peer proves a key other than the one the client saw in TLS and skips checking the
        // client's binding: what an interceptor terminating TLS and relaying NTLM would look like.
        byte[] otherKey = PUBLIC_KEY.clone();
        otherKey[otherKey.length - 1] ^= 1;
        for (int version : new int[] {6, 3}) {
            FakeCredSspServer server = new FakeCredSspServer(version, PASSWORD, otherKey, true, false);
            IOException e = assertThrows(IOException.class, () -> run(server::serve, PUBLIC_KEY, PASSWORD));
            assertFalse(e instanceof LogonRefusedException);
            assertTrue(e.getMessage().contains("does not match the public key"), e.getMessage());
            assertNull(server.receivedCredentials);
        }
    }

    @Test
    void garbageInsteadOfAChallengeIsReportedAsMalformed() {
        Peer garbage = (in, out) -> {
            TsRequest.read(in);
            out.write(HexFormat.of().parseHex("3003a00102"));
            out.flush();
        };
        IOException e = assertThrows(IOException.class, () -> run(garbage, PUBLIC_KEY, PASSWORD));
        assertTrue(e.getMessage().startsWith("the server's CredSSP answer to the NTLM NEGOTIATE message is malformed: "),
                e.getMessage());
    }

    @Test
    void aNonNtlmTokenIsReportedAsMalformed() {
        Peer notNtlm = (in, out) -> {
            TsRequest.read(in);
            out.write(TsRequest.withToken(6, new byte[60]).encode());
            out.flush();
        };
        IOException e = assertThrows(IOException.class, () -> run(notNtlm, PUBLIC_KEY, PASSWORD));
        assertTrue(e.getMessage().contains("is malformed: the NTLM message does not start with"), e.getMessage());
    }

    /** Runs the client against {@code peer} over a loopback socket; rethrows the client's failure. */
    private static void run(Peer peer, byte[] clientSeesKey, String password) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    peer.serve(s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    // surfaces only when the client thought it succeeded (see below)
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                client.setSoTimeout(10_000);
                CredSsp.authenticate(client.getInputStream(), client.getOutputStream(), clientSeesKey, "TESTDOM",
                        "alice", password, new SecureRandom());
                client.shutdownOutput();
                served.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the fake server failed", e.getCause());
            }
        }
    }
}
