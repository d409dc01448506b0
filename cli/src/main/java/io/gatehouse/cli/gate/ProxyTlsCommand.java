package io.gatehouse.cli.gate;

import io.gatehouse.shared.cert.KeyStores;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.PeerRoleTrust;
import io.gatehouse.shared.routing.TlsRouting;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ProxyCommand for the proxy alias when the proxy routes TLS (gate config writes it): standard
 * input and output become a TLS connection to the proxy's web port that asks for the SSH jump
 * host (ALPN gatehouse-ssh), so OpenSSH, gate ssh and scp need only the web port. The proxy is
 * verified against the cluster's CAs saved at login and must hold the proxy role, as for the API.
 */
@Command(name = "tls", description = "ProxyCommand helper: connect stdin/stdout to the proxy's SSH jump host "
        + "through its web port (TLS routing); gate config writes it.")
final class ProxyTlsCommand implements Callable<Integer> {
    @Option(names = "--cas", paramLabel = "FILE", required = true,
            description = "The cluster CAs to verify the proxy with (KEYPREFIX.cas, written by gate login)")
    Path cas;
    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The proxy's web address")
    String proxy;

    @Override
    public Integer call() throws Exception {
        int colon = proxy.lastIndexOf(':');
        if (colon <= 0 || !proxy.substring(colon + 1).matches("\\d{1,5}")) {
            throw new CliException(ExitCodes.USAGE, "'" + proxy + "' is not HOST:PORT");
        }
        String host = proxy.substring(0, colon).replace("[", "").replace("]", "");
        SSLSocket socket;
        try {
            socket = TlsRouting.dial(trust(cas), host, Integer.parseInt(proxy.substring(colon + 1)), TlsRouting.SSH,
                    Duration.ofSeconds(15));
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the SSH jump host through the proxy's web port "
                    + proxy + ": " + e.getMessage());
        }
        // Not System.in/out: their buffering and locking only add copies to every packet.
        Thread up = Thread.ofPlatform().daemon().start(() -> upload(socket));
        // The connection's end: ssh sees standard output close.
        Pipe.copy(socket.getInputStream(), new FileOutputStream(FileDescriptor.out));
        up.interrupt();
        socket.close();
        return 0;
    }

    static SSLContext trust(Path casFile) {
        try {
            KeyStore ts = KeyStores.trusting(Keys.parseCertificatesPem(Files.readString(casFile)));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, PeerRoleTrust.requiring("proxy", ts), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the cluster CAs from " + casFile + " ("
                    + e.getMessage() + "); run gate login again");
        }
    }

    /** stdin to the proxy; its end is ssh's: TLS close_notify for our half. A failure ends the connection. */
    private static void upload(SSLSocket socket) {
        try {
            if (Pipe.copy(new FileInputStream(FileDescriptor.in), socket.getOutputStream())) {
                socket.shutdownOutput();
                return;
            }
        } catch (IOException e) {
            // closed below
        }
        Pipe.closeQuietly(socket);
    }
}
