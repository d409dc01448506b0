package io.gatehouse.rdp.transport;

import io.gatehouse.rdp.RdpConnectException;
import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.ServerTrust;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The byte stream to the server: TCP, then TLS once X.224 negotiation picked it. Reads whole
 * frames (TPKT or fast-path); writes are serialised so that input from several threads never
 * interleaves inside a PDU.
 */
public final class RdpTransport implements Closeable {
    /** TPKT (RFC 1006) version byte, also how a slow-path frame is told from a fast-path one. */
    private static final int TPKT_VERSION = 3;

    private final String host;
    private final int port;
    /** A lock rather than synchronized: input comes from virtual threads, which must not pin a carrier (JDK 21). */
    private final ReentrantLock writeLock = new ReentrantLock();
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private volatile long bytesRead;

    private RdpTransport(String host, int port, Socket socket) throws IOException {
        this.host = host;
        this.port = port;
        attach(socket);
    }

    /** Opens the TCP connection within {@code timeout}; later reads time out after {@code timeout} too. */
    public static RdpTransport open(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new RdpTransport(host, port, s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A transport over an already connected socket (tests drive the session over plain TCP with it). */
    public static RdpTransport over(Socket socket) throws IOException {
        return new RdpTransport(socket.getInetAddress().getHostAddress(), socket.getPort(), socket);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
        out = s.getOutputStream();
    }

    /**
     * Runs the TLS handshake on the open connection and returns the server's certificate once
     * {@code trust} accepted it. A certificate it refuses aborts the handshake: nothing but the
     * X.224 negotiation has been sent, and this throws an {@link RdpConnectException} with reason
     * UNTRUSTED and a message for a person.
     */
    public X509Certificate startTls(ServerTrust trust) throws IOException {
        String where = "the desktop at " + host + ":" + port;
        // The name the certificate must hold (CA trust), and the SNI the server sees.
        String name = trust instanceof ServerTrust.CertificateAuthority ca ? ca.serverName().orElse(host) : host;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {ServerCertificateCheck.of(trust, where, name)}, new SecureRandom());
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, name, port, true);
            tls.setUseClientMode(true);
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // only the CA check asks for it
            tls.setSSLParameters(params);
            try {
                tls.startHandshake();
            } catch (SSLException e) {
                throw untrusted(e).orElseThrow(() -> e);
            }
            var chain = tls.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                throw new SSLException("the server sent no X.509 certificate");
            }
            attach(tls);
            return cert;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The trust check's refusal, if that is what ended the handshake (the JDK keeps it as a cause). */
    private static Optional<RdpConnectException> untrusted(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UntrustedCertificateException u) {
                return Optional.of(new RdpConnectException(RdpConnectException.Reason.UNTRUSTED, u.getMessage(), e));
            }
        }
        return Optional.empty();
    }

    /** The raw (TLS) streams, for CredSSP which frames its own messages. */
    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    public void setReadTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    public long bytesRead() {
        return bytesRead;
    }

    /** Sends a TPKT packet around {@code payload} (an X.224 TPDU). */
    public void sendTpkt(byte[] payload) throws IOException {
        int len = payload.length + 4;
        if (len > 0xFFFF) {
            throw new IOException("PDU of " + len + " bytes does not fit a TPKT packet");
        }
        byte[] pkt = new byte[len];
        pkt[0] = TPKT_VERSION;
        pkt[2] = (byte) (len >>> 8);
        pkt[3] = (byte) len;
        System.arraycopy(payload, 0, pkt, 4, payload.length);
        send(pkt);
    }

    /** Sends bytes as they are (a complete fast-path input PDU). */
    public void send(byte[] pdu) throws IOException {
        writeLock.lock();
        try {
            out.write(pdu);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Reads the next frame; EOFException when the server closed the connection. */
    public Frame readFrame() throws IOException, RdpProtocolException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("the server closed the connection");
        }
        if (first == TPKT_VERSION) {
            in.readUnsignedByte(); // reserved
            int len = in.readUnsignedShort();
            if (len < 4) {
                throw new RdpProtocolException("TPKT: length " + len + " is shorter than its header");
            }
            byte[] payload = new byte[len - 4];
            in.readFully(payload);
            bytesRead += len;
            return new Frame.Tpkt(payload);
        }
        if ((first & 0x3) != 0) {
            throw new RdpProtocolException("fast-path output: action " + (first & 3) + " is neither fast path nor TPKT");
        }
        int b1 = in.readUnsignedByte();
        int len = b1;
        int headerBytes = 2;
        if ((b1 & 0x80) != 0) {
            len = (b1 & 0x7F) << 8 | in.readUnsignedByte();
            headerBytes = 3;
        }
        if (len < headerBytes) {
            throw new RdpProtocolException("fast-path output: length " + len + " is shorter than its header");
        }
        byte[] body = new byte[len - headerBytes];
        in.readFully(body);
        bytesRead += len;
        return new Frame.FastPath(first, body);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
