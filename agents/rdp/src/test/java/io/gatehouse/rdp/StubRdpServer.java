package io.gatehouse.rdp;

import io.gatehouse.rdp.connection.X224;
import io.gatehouse.rdp.wire.ByteWriter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * An RDP server on a real loopback socket that plays whoever answers at the desktop's address:
 * it answers the X.224 Connection Request with {@code selectedProtocol}, does the TLS handshake
 * with the identity it is given, and when TLS-only was selected plays the server's side of the
 * connection sequence up to an active session (MCS, the Client Info PDU, licensing, capabilities,
 * finalization). Every byte the client sends is recorded: the negotiation as sent, the rest as
 * decrypted from TLS; {@link #received(String)} searches them for a password. One connection.
 */
final class StubRdpServer implements AutoCloseable {
    private static final int IO_CHANNEL = 1003;
    private static final int CLIPBOARD_CHANNEL = 1004;
    private static final long SHARE = 0x103EA;
    /** Confirm Active and the client's four finalization PDUs come after the Client Info PDU. */
    private static final int PDUS_BEFORE_FONT_MAP = 1 + 5;

    private final ServerSocket listening;
    private final int selectedProtocol;
    private final TestCertificates.Identity identity;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean handshakeCompleted;
    /** The desktop size the stub announces (the tests ask for this one). */
    static final int WIDTH = 800;
    static final int HEIGHT = 600;
    private int dataPdus;

    StubRdpServer(int selectedProtocol, TestCertificates.Identity identity) throws IOException {
        this.listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.selectedProtocol = selectedProtocol;
        this.identity = identity;
        Thread.ofVirtual().name("stub-rdp-server").start(this::serveOne);
    }

    int port() {
        return listening.getLocalPort();
    }

    /** Whether the TLS handshake finished, i.e. the client accepted the certificate. */
    boolean handshakeCompleted() {
        return handshakeCompleted;
    }

    /** Everything the client sent, once it is gone (or after 10 s). */
    byte[] received() throws InterruptedException {
        done.await(10, TimeUnit.SECONDS);
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /** Whether {@code secret} is anywhere in what the client sent, as UTF-16LE (RDP's strings) or UTF-8. */
    boolean received(String secret) throws InterruptedException {
        byte[] all = received();
        return contains(all, secret.getBytes(StandardCharsets.UTF_16LE))
                || contains(all, secret.getBytes(StandardCharsets.UTF_8));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void serveOne() {
        try (Socket raw = listening.accept()) {
            raw.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(raw.getInputStream());
            record(readFrame(in)); // the Connection Request
            raw.getOutputStream().write(tpkt(connectionConfirm(selectedProtocol)));
            SSLSocket tls = serverTls(raw);
            try {
                tls.startHandshake();
            } catch (SSLException e) {
                return; // the client refused the certificate: the connection is over
            }
            handshakeCompleted = true;
            DataInputStream decrypted = new DataInputStream(tls.getInputStream());
            OutputStream out = tls.getOutputStream();
            if (selectedProtocol != X224.PROTOCOL_SSL) {
                recordUntilClosed(decrypted); // CredSSP: nobody here answers it
                return;
            }
            while (true) {
                byte[] frame = readFrame(decrypted);
                record(frame);
                if (frame[0] == 3) {
                    answer(frame, out);
                }
            }
        } catch (IOException e) {
            // the client hung up, or went quiet for 10 s
        } finally {
            done.countDown();
        }
    }

    private SSLSocket serverTls(Socket raw) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("desktop", identity.key().getPrivate(), new char[0], identity.chain());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(raw, (InputStream) null, true);
            tls.setUseClientMode(false);
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The server's side of MS-RDPBCGR 1.3.1.1 after TLS, by the MCS PDU the client sent. */
    private void answer(byte[] frame, OutputStream out) throws IOException {
        int mcs = frame[7] & 0xFF; // after TPKT (4) and X.224 Data (3)
        if (mcs == 0x7F && (frame[8] & 0xFF) == 0x65) { // Connect Initial
            out.write(tpkt(X224.data(ServerPdus.connectResponse(IO_CHANNEL, CLIPBOARD_CHANNEL))));
        } else if (mcs >> 2 == 10) { // Attach User Request: the user's channel is 1007
            out.write(tpkt(X224.data(new byte[] {0x2E, 0, 0, 6})));
        } else if (mcs >> 2 == 14) { // Channel Join Request: confirm the channel asked for
            out.write(tpkt(X224.data(new byte[] {0x3E, 0, frame[8], frame[9], frame[10], frame[11], frame[10],
                frame[11]})));
        } else if (mcs >> 2 == 25) { // Send Data Request: Client Info, then the activation
            dataPdus++;
            if (dataPdus == 1) {
                out.write(ServerPdus.tpkt(IO_CHANNEL, ServerPdus.licenseValidClient()));
                out.write(ServerPdus.tpkt(IO_CHANNEL, ServerPdus.demandActive(SHARE, WIDTH, HEIGHT, 16)));
            } else if (dataPdus == PDUS_BEFORE_FONT_MAP) {
                out.write(ServerPdus.tpkt(IO_CHANNEL, ServerPdus.data(SHARE,
                        io.gatehouse.rdp.connection.ShareData.FONT_MAP, new byte[8])));
            }
        }
        out.flush();
    }

    private void recordUntilClosed(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) >= 0; ) {
            record(java.util.Arrays.copyOf(buf, n));
        }
    }

    private void record(byte[] bytes) {
        synchronized (received) {
            received.writeBytes(bytes);
        }
    }

    /** X.224 Connection Confirm with RDP_NEG_RSP (MS-RDPBCGR 2.2.1.2). */
    private static byte[] connectionConfirm(int protocol) {
        return new ByteWriter().u8(14).u8(0xD0).u16be(0).u16be(0x1234).u8(0)
                .u8(2).u8(0).u16le(8).u32le(protocol).toByteArray();
    }

    private static byte[] tpkt(byte[] payload) {
        return new ByteWriter().u8(3).u8(0).u16be(payload.length + 4).bytes(payload).toByteArray();
    }

    /** One TPKT or fast-path frame, whole; anything else is read as it comes (a client speaking TLS early). */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        byte[] head;
        int len;
        if (first == 3) {
            int b2 = in.readUnsignedByte();
            int b3 = in.readUnsignedByte();
            head = new byte[] {3, (byte) b1, (byte) b2, (byte) b3};
            len = b2 << 8 | b3;
        } else if ((b1 & 0x80) != 0) {
            int b2 = in.readUnsignedByte();
            head = new byte[] {(byte) first, (byte) b1, (byte) b2};
            len = (b1 & 0x7F) << 8 | b2;
        } else {
            head = new byte[] {(byte) first, (byte) b1};
            len = b1;
        }
        byte[] frame = new byte[Math.max(len, head.length)];
        System.arraycopy(head, 0, frame, 0, head.length);
        in.readFully(frame, head.length, frame.length - head.length);
        return frame;
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
