package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.e2e.support.Cluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link UserLogsInAndWorksOnTwoNodes} with only the proxy's web port reachable: SSH and tunnels by TLS routing. */
@Cluster.WebPortOnly
class UserLogsInAndWorksOnTwoNodesOnTheWebPortOnly extends UserLogsInAndWorksOnTwoNodes {
    /** What made the scenario above web-port-only: nothing answers on the SSH and tunnel ports. */
    @Test
    void theSshAndTunnelPortsAreBoundByNothing() {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", cluster().sshPort()).close());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", cluster().tunnelPort()).close());
    }

    /**
     * The attacker's way around the router: straight to the web UI's own listener, claiming to be
     * another source. It takes only connections that start with the router's PROXY line, and a
     * client's own line goes to the router, which refuses it (not TLS).
     */
    @Test
    void theWebUisOwnListenerTakesNoConnectionWithoutTheRoutersProxyLine() throws Exception {
        try (Socket direct = new Socket("127.0.0.1", cluster().webInternalPort())) {
            direct.setSoTimeout(10_000);
            direct.getOutputStream().write("GET /v1/webapi/ping HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = readAll(direct);
            assertEquals("", new String(answer, StandardCharsets.US_ASCII).replaceAll("(?s)^HTTP/1.1 400.*", ""),
                    "no answer but a refusal");
        }
        try (Socket spoof = new Socket("127.0.0.1", cluster().webPort())) {
            spoof.setSoTimeout(10_000);
            spoof.getOutputStream().write("PROXY TCP4 6.6.6.6 127.0.0.1 4242 443\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, readAll(spoof).length);
        }
    }

    private static byte[] readAll(Socket s) throws IOException {
        try {
            return s.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
            return new byte[0];
        }
    }
}
