package io.gatehouse.cli.gate;

import io.gatehouse.shared.routing.TlsRouting;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How gate proxy db reaches the proxy for each client connection: TLS to the web port with the
 * database's ALPN name, the proxy verified against the cluster CAs and its proxy role. With
 * --tunnel the outer TLS presents the user's database certificate (plain clients need none), and a
 * certificate that ran out is signed again from the login while that lasts; without --tunnel the
 * outer TLS presents nothing and the client's own TLS inside carries the certificate, so an expired
 * one is only reported (the database will refuse it).
 */
final class DbUpstream implements LocalProxy.Upstream {
    /** Signs the same route again (DbLogin.renew); fails when the login itself has ended. */
    interface Renewer {
        DbCertFiles renew(DbCertFiles expired) throws IOException;
    }

    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(15);

    private final DbCertFiles files;
    private final boolean tunnel;
    private final String host;
    private final int port;
    private final String alpn;
    private final Renewer renewer;
    private final Consumer<String> log;
    private final Clock clock;
    private SSLContext context;
    private Instant contextExpires = Instant.MIN;
    private Instant warnedExpiry;

    DbUpstream(DbCertFiles files, boolean tunnel, String host, int port, Renewer renewer, Consumer<String> log,
            Clock clock) {
        this.files = files;
        this.tunnel = tunnel;
        this.host = host;
        this.port = port;
        this.alpn = alpnFor(files.route().protocol());
        this.renewer = renewer;
        this.log = log;
        this.clock = clock;
    }

    /** The TLS routing name for a database protocol ("postgres", "mysql"). */
    static String alpnFor(String protocol) {
        return switch (protocol) {
            case "postgres" -> TlsRouting.POSTGRES;
            case "mysql" -> TlsRouting.MYSQL;
            default -> throw new IllegalArgumentException("gate does not know the database protocol '" + protocol
                    + "' (postgres or mysql); a newer gate may");
        };
    }

    String alpn() {
        return alpn;
    }

    @Override
    public Socket dial() throws IOException {
        try {
            return TlsRouting.dial(context(), host, port, alpn, DIAL_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("cannot reach the database through the proxy's web port " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** One context while the certificate lasts; connections arrive in bursts (pools), handshakes should not. */
    private synchronized SSLContext context() throws IOException {
        Instant now = clock.instant();
        if (context != null && contextExpires.isAfter(now)) {
            return context;
        }
        Instant expires = files.identity().expires();
        if (!tunnel) {
            if (!expires.isAfter(now) && !expires.equals(warnedExpiry)) {
                warnedExpiry = expires;
                log.accept("the database certificate for '" + files.db() + "' expired at " + expires + ": clients "
                        + "presenting it will be refused; run gate db login " + files.db());
            }
            context = files.tlsIdentity().trustOnlySslContext("proxy");
            contextExpires = Instant.MAX;
            return context;
        }
        if (!expires.isAfter(now)) {
            try {
                renewer.renew(files);
            } catch (RuntimeException e) {
                throw new IOException("the database certificate for '" + files.db() + "' expired at " + expires
                        + " and cannot be renewed (" + e.getMessage() + "): run gate login, then gate db login "
                        + files.db(), e);
            }
            expires = files.identity().expires();
            log.accept("renewed the database certificate for '" + files.db() + "' until " + expires);
        }
        context = files.tlsIdentity().sslContext("proxy");
        contextExpires = expires;
        return context;
    }
}
