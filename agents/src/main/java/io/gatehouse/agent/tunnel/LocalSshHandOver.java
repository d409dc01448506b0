package io.gatehouse.agent.tunnel;

import io.gatehouse.shared.tunnel.InProcessPipe;
import io.gatehouse.shared.tunnel.RoutedIo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceFactoryFactory;

/**
 * The tunnel client's I/O: a forwarded-tcpip channel from the proxy connects to the node's SSH
 * service in-process (an InProcessPipe into the SSH server's session handler) instead of over a
 * loopback TCP connection. MINA's own forwarding code (TcpipServerChannel) still handles the
 * channel, its window and its end, and the tunnel's forwarding filter (OnlyToLocalSsh) still decides
 * what the proxy may reach: this only changes how "connect to 127.0.0.1:PORT of the SSH service"
 * is carried out. Any other address (the tunnel's own connection to the proxy) uses NIO2 as before.
 */
final class LocalSshHandOver {
    private final int sshPort;
    private final IoHandler sshServer;

    /** {@code sshServer}: the SSH service's session handler, which serves connections to {@code sshPort}. */
    LocalSshHandOver(int sshPort, IoHandler sshServer) {
        this.sshPort = sshPort;
        this.sshServer = sshServer;
    }

    /** The tunnel client's I/O. */
    IoServiceFactoryFactory io() {
        return RoutedIo.with(route());
    }

    /** Connects to the SSH service in-process; null for anything else. */
    RoutedIo.Route route() {
        return (handler, target, context) -> isLocalSsh(target) ? connectInProcess(handler, target) : null;
    }

    private boolean isLocalSsh(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getPort() == sshPort && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    /** Connects to the SSH service in-process; hands everything else to NIO2. */
    private IoConnectFuture connectInProcess(IoHandler handler, SocketAddress target) {
        // The SSH service sees the tunnel as a loopback client, as it did with the TCP hop.
        SocketAddress tunnelSide = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return InProcessPipe.connect(handler, tunnelSide, sshServer, target, null);
    }
}
