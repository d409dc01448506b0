package io.gatehouse.e2e.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers a scenario starts a few seconds later. Chosen below Linux's
 * ephemeral range (32768-60999), where outgoing connections and bind(0) — the proxy's tunnel
 * ports, agents' loopback SSH ports — never land, so nothing else takes them in between.
 */
public final class Ports {
    private Ports() {
    }

    /**
     * This machine's own IPv4 address (not loopback, not link-local), for servers the proxy must
     * be able to dial: it refuses to dial loopback addresses a node announces.
     */
    public static String hostAddress() {
        try {
            return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (java.net.SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress).findFirst()
                    .orElseThrow(() -> new AssertionError("this machine has no IPv4 address besides loopback; the "
                            + "direct-mode scenarios need one (the proxy never dials loopback for a node)"));
        } catch (java.net.SocketException e) {
            throw new AssertionError("cannot list network interfaces: " + e.getMessage(), e);
        }
    }

    public static int free() {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new AssertionError("no free port found between 20000 and 32000");
    }
}
