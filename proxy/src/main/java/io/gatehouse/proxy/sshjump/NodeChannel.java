package io.gatehouse.proxy.sshjump;

import io.gatehouse.proxy.nodes.NodeDirectory;
import io.gatehouse.shared.audit.SafeText;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.forward.TcpipServerChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A direct-tcpip channel (what `ssh -J` opens) whose target must be a node of the cluster: the
 * name the user typed is resolved to the node's real address, and anything else — an arbitrary
 * host:port, an unknown node, a node the user's roles give no login on — is refused, so the jump
 * host cannot be used as a general-purpose port forwarder.
 */
final class NodeChannel extends TcpipServerChannel {
    private static final Logger LOG = LoggerFactory.getLogger(NodeChannel.class);

    private final NodeDirectory nodes;
    private final Function<UserIdentity, AccessChecker> roles;
    private final RefusalSink refusals;

    NodeChannel(CloseableExecutorService executor, NodeDirectory nodes, Function<UserIdentity, AccessChecker> roles,
            RefusalSink refusals) {
        super(TcpForwardingFilter.Type.Direct, executor);
        this.nodes = nodes;
        this.roles = roles;
        this.refusals = refusals;
    }

    /**
     * The role check may ask auth (a network call), so it runs on a virtual thread, never on the
     * SSH I/O thread that serves other users' sessions; the channel opens when it is done.
     */
    @Override
    protected OpenFuture doInit(Buffer buffer) {
        String target = buffer.getString();
        int requestedPort = buffer.getInt();
        String originHost = buffer.getString();
        int originPort = buffer.getInt();
        DefaultOpenFuture result = new DefaultOpenFuture(this, this);
        Thread.ofVirtual().name("direct-tcpip-check").start(() -> {
            try {
                OpenFuture opened = checkAndConnect(target, requestedPort, originHost, originPort);
                opened.addListener(f -> {
                    if (f.isOpened()) {
                        result.setOpened();
                    } else {
                        result.setException(f.getException());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("cannot open a channel to '{}': {}", SafeText.of(target), e.toString());
                result.setException(e);
            }
        });
        return result;
    }

    private OpenFuture checkAndConnect(String target, int requestedPort, String originHost, int originPort) {
        UserIdentity user = getSession().getAttribute(JumpHost.USER);
        Optional<String> refusal = refusal(user, target);
        Optional<NodeDirectory.NodeRoute> route = nodes.resolve(target);
        if (refusal.isPresent() || route.isEmpty()) {
            LOG.info("refused {}'s connection to '{}:{}': {}", user == null ? "?" : user.username(),
                    SafeText.of(target), requestedPort, SafeText.of(refusal.orElse("unknown node")));
            refusals.refused(user == null ? "" : user.username(), target, refusal.orElse("unknown node"),
                    String.valueOf(getSession().getIoSession().getRemoteAddress()));
            getSession().setAttribute(ExplainedRefusals.REASON, "Gatehouse: " + refusal.orElse("unknown node"));
            DefaultOpenFuture refused = new DefaultOpenFuture(this, this);
            refused.setException(new org.apache.sshd.common.channel.exception.SshChannelOpenException(getChannelId(),
                    SshConstants.SSH_OPEN_CONNECT_FAILED, refusal.orElse("unknown node")));
            return refused;
        }
        // The node's SSH service, whatever port the client asked for (ssh -J asks for 22).
        Buffer rewritten = new ByteArrayBuffer();
        InetSocketAddress address = route.get().address().orElseThrow();
        rewritten.putString(address.getHostString());
        rewritten.putInt(address.getPort());
        rewritten.putString(originHost);
        rewritten.putInt(originPort);
        return super.doInit(rewritten);
    }

    private Optional<String> refusal(UserIdentity user, String target) {
        if (user == null) {
            return Optional.of("not authenticated");
        }
        Optional<NodeDirectory.NodeRoute> route = nodes.resolve(target);
        if (route.isEmpty()) {
            return Optional.of("no node named '" + target + "' in this cluster (gate ls lists the nodes you"
                    + " can reach)");
        }
        if (route.get().address().isEmpty() && !route.get().directProblem().isEmpty()) {
            return Optional.of("node '" + route.get().name() + "' cannot be reached: " + route.get().directProblem());
        }
        if (route.get().address().isEmpty()) {
            return Optional.of("node '" + route.get().name() + "' is offline: its agent has no tunnel to this proxy"
                    + " right now (it reconnects on its own; see the agent's log if this lasts)");
        }
        // Cheap early check (the node checks again): is there any login this user may use there?
        AccessChecker checker = roles.apply(user);
        boolean any = user.logins().stream().anyMatch(login -> checker.checkNode(route.get().name(),
                route.get().labels(), login).allowed());
        return any ? Optional.empty() : Optional.of(checker.refusal().orElse("no role of " + user.username()
                + " gives a login on node '" + route.get().name() + "' (gate ls shows the nodes and logins you have)"));
    }

    /** Creates NodeChannels for the "direct-tcpip" channel type. */
    static final class Factory extends TcpipServerChannel.TcpipFactory {
        private final NodeDirectory nodes;
        private final Function<UserIdentity, AccessChecker> roles;
        private final RefusalSink refusals;

        Factory(NodeDirectory nodes, Function<UserIdentity, AccessChecker> roles, RefusalSink refusals) {
            super(TcpForwardingFilter.Type.Direct);
            this.nodes = nodes;
            this.roles = roles;
            this.refusals = refusals;
        }

        @Override
        public Channel createChannel(Session session) throws IOException {
            return new NodeChannel(getExecutorService(), nodes, roles, refusals);
        }
    }
}
