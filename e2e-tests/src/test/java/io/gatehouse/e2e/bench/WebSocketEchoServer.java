package io.gatehouse.e2e.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The floor of any web terminal (bench/web-terminal-latency.sh): a minimal WebSocket echo server
 * over TLS on 127.0.0.1, in the bench driver's JVM. Same kind of TLS as the proxy (the JDK's TLS,
 * 1.3 or 1.2, an ECDSA P-256 certificate, here self-signed), HTTP/1.1 upgrade, no extensions (no
 * permessage-deflate): every text or binary frame comes straight back, unmasked, in one write (one
 * TLS record). A thread per connection blocked in read(): nothing between the socket and the echo.
 * GET / serves an empty page, so the browser's page is same-origin with the WebSocket.
 */
final class WebSocketEchoServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] PAGE = "<!doctype html><title>echo</title><p>WebSocket echo (bench floor)"
            .getBytes(StandardCharsets.US_ASCII);

    private final SSLServerSocket server;
    private volatile String negotiated = "?";

    WebSocketEchoServer() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(selfSigned().getKeyManagers(), null, new SecureRandom());
        server = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket();
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread.ofPlatform().daemon().name("ws-echo-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The last WebSocket connection's TLS protocol and cipher suite. */
    String negotiated() {
        return negotiated;
    }

    private static KeyManagerFactory selfSigned() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name,
                kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        var cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "bench".toCharArray();
        ks.setKeyEntry("echo", kp.getPrivate(), pw, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return kmf;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("ws-echo").start(() -> serve((SSLSocket) s));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            Map<String, String> headers = new HashMap<>();
            for (String line : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1)
                            .trim());
                }
            }
            String key = headers.get("sec-websocket-key");
            if (key == null || !"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                boolean page = requestLine.startsWith("GET / ");
                byte[] body = page ? PAGE : new byte[0];
                out.write(((page ? "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        : "HTTP/1.1 404 Not Found\r\n") + "Content-Length: " + body.length
                        + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            negotiated = s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            echo(in, out);
        } catch (Exception e) {
            // the client went away
        }
    }

    /** Echoes frames until a close frame (answered) or the end of the stream. */
    private static void echo(InputStream in, OutputStream out) throws IOException {
        byte[] mask = new byte[4];
        while (true) {
            int b0 = read(in);
            int b1 = read(in);
            int opcode = b0 & 0x0f;
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (read(in) << 8) | read(in);
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | read(in);
                }
            }
            if (len > 1 << 20) {
                throw new IOException("frame too large: " + len);
            }
            boolean masked = (b1 & 0x80) != 0;
            if (masked) {
                in.readNBytes(mask, 0, 4);
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length != len) {
                throw new EOFException();
            }
            if (masked) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            // text, binary, continuation and close come back as they came; a ping gets its pong
            int reply = opcode == 0x9 ? 0xA : opcode;
            if (opcode == 0xA) {
                continue;
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write((b0 & 0x80) | reply);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int i = 7; i >= 0; i--) {
                    frame.write((int) ((long) payload.length >>> (8 * i)));
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray()); // one write: one TLS record
            out.flush();
            if (opcode == 0x8) {
                return;
            }
        }
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** The request line and headers, or null when the connection ends first (a speculative preconnect). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
            if (head.size() > 16384) {
                throw new IOException("request head too large");
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
