package io.gatehouse.shared.routing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS routing on the proxy's web port (Teleport's RFD 0039): the ALPN names that pick a route,
 * and the client side of dialling one. The proxy's table is proxy/.../routing/RoutingTable.
 */
public final class TlsRouting {
    /** The SSH jump host (gate proxy tls, and through it OpenSSH). */
    public static final String SSH = "gatehouse-ssh";
    /** Agents' reverse tunnels. */
    public static final String TUNNEL = "gatehouse-tunnel";
    public static final String POSTGRES = "gatehouse-postgres";
    public static final String MYSQL = "gatehouse-mysql";
    public static final String KUBE = "gatehouse-kube";
    public static final String APP_TCP = "gatehouse-app-tcp";
    /** Every Gatehouse protocol name, served or reserved. */
    public static final List<String> PROTOCOLS = List.of(SSH, TUNNEL, POSTGRES, MYSQL, KUBE, APP_TCP);
    /** Names that go to the web UI and API. */
    public static final List<String> HTTP = List.of("http/1.1", "h2");

    private TlsRouting() {
    }

    /**
     * A TLS connection to the proxy's web port that the router hands to {@code protocol}'s handler.
     * The proxy is verified by {@code tls} (the cluster's CA and the proxy role, as for the API);
     * a proxy that answers with another protocol (or none: it does not route) is an error.
     */
    public static SSLSocket dial(SSLContext tls, String host, int port, String protocol, Duration timeout)
            throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.setTcpNoDelay(true);
            tcp.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {protocol});
            socket.setSSLParameters(params);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
            if (!protocol.equals(socket.getApplicationProtocol())) {
                socket.close();
                throw new IOException("the proxy at " + host + ":" + port + " did not accept the protocol " + protocol
                        + " on its web port (it does not route TLS: an older proxy?)");
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }
}
