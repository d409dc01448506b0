package io.gatehouse.cli.gate;

import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * How gate proxy app reaches the proxy for each client connection of a TCP app: TLS to the web
 * port with ALPN gatehouse-app-tcp presenting the user's app certificate (the local client needs
 * none), the proxy verified against the cluster CAs and its proxy role; the proxy's first frame
 * says whether the connection was admitted, and if not why (logged for the user). A certificate
 * that ran out is signed again from the login while that lasts.
 */
final class AppUpstream implements LocalProxy.Upstream {
    /** Signs the app again (AppLogin.login); fails when the login itself has ended. */
    interface Renewer {
        AppCertFiles renew(String app) throws IOException;
    }

    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(15);

    private final String app;
    private final String host;
    private final int port;
    private final Renewer renewer;
    private final Consumer<String> log;
    private final Clock clock;
    private AppCertFiles files;
    private SSLContext context;
    private Instant contextExpires = Instant.MIN;

    AppUpstream(AppCertFiles files, String host, int port, Renewer renewer, Consumer<String> log, Clock clock) {
        this.app = files.app();
        this.files = files;
        this.host = host;
        this.port = port;
        this.renewer = renewer;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Socket dial() throws IOException {
        SSLSocket socket;
        try {
            socket = TlsRouting.dial(context(), host, port, TlsRouting.APP_TCP, DIAL_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("cannot reach the app '" + app + "' through the proxy's web port " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        try {
            socket.setSoTimeout((int) DIAL_TIMEOUT.toMillis());
            ServiceChannels.readDecision(socket.getInputStream());
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("the app '" + app + "' refused the connection: " + e.getMessage(), e);
        }
    }

    /** One context while the certificate lasts; renewed from the login when it runs out. */
    private synchronized SSLContext context() throws IOException {
        Instant now = clock.instant();
        if (context != null && contextExpires.isAfter(now)) {
            return context;
        }
        Instant expires = files.identity().expires();
        if (!expires.isAfter(now)) {
            try {
                files = renewer.renew(app);
            } catch (RuntimeException e) {
                throw new IOException("the app certificate for '" + app + "' expired at " + expires + " and cannot be "
                        + "renewed (" + e.getMessage() + "): run gate login, then gate apps login " + app, e);
            }
            expires = files.identity().expires();
            log.accept("renewed the app certificate for '" + app + "' until " + expires);
        }
        context = files.tlsIdentity().sslContext("proxy");
        contextExpires = expires;
        return context;
    }
}
