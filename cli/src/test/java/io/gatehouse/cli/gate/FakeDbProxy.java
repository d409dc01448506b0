package io.gatehouse.cli.gate;

import io.gatehouse.shared.cert.KeyStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A stand-in for the proxy's web port: real TLS with a server certificate, ALPN chosen from what it
 * serves (none: it answers as a server that does not route TLS), a client certificate asked for but not required. Each connection first gets one line
 * saying what arrived ("alpn=... cert=CN|none"), then everything it sends comes back, and its end of
 * input is answered by closing.
 */
final class FakeDbProxy implements AutoCloseable {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private final SSLServerSocket server;
    private final InetSocketAddress forward;

    FakeDbProxy(KeyPair key, X509Certificate cert, X509Certificate userCa, List<String> protocols) throws Exception {
        this(key, cert, userCa, protocols, null);
    }

    /**
     * With {@code forward}, after the handshake the connection is piped to that address (a real
     * database) instead of echoed, as the proxy and agent do once they accepted the client.
     */
    FakeDbProxy(KeyPair key, X509Certificate cert, X509Certificate userCa, List<String> protocols,
            InetSocketAddress forward) throws Exception {
        this.forward = forward;
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(KeyStores.holding("proxy", key.getPrivate(), List.of(cert)), KeyStores.password());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStores.trusting(List.of(userCa)));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) server.accept();
                    var params = s.getSSLParameters();
                    params.setWantClientAuth(true);
                    s.setSSLParameters(params);
                    s.setHandshakeApplicationProtocolSelector((engine, offered) -> offered.stream()
                            .filter(protocols::contains).findFirst().orElse(""));
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.startHandshake();
            String who;
            try {
                who = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException none) {
                who = "none";
            }
            String line = "alpn=" + s.getApplicationProtocol() + " cert=" + who;
            seen.add(line);
            if (forward != null) {
                Pipe.between(s, new Socket(forward.getAddress(), forward.getPort()));
                return;
            }
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            seen.add("error: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
