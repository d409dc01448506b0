package io.gatehouse.agent.ssh;

import io.gatehouse.shared.cert.UserIdentity;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session channel that decides pty-req itself: a terminal only when the certificate carries
 * permit-pty (fixed at issue) and the user's current roles allow it (permit_pty; one role saying
 * false is enough, as in Teleport). A refused pty-req gets a failure reply, as from OpenSSH's sshd
 * with no-pty; the session may go on without a terminal. Whether a channel has a PTY is this
 * class's word only: a client's "env COLUMNS=..." request must not be mistaken for one.
 */
final class SessionChannel extends ChannelSession {
    private static final Logger LOG = LoggerFactory.getLogger(SessionChannel.class);

    private final RoleSource roles;
    private volatile boolean pty;
    private volatile Optional<String> ptyRefusal = Optional.empty();

    private SessionChannel(RoleSource roles) {
        this.roles = roles;
    }

    /** The factory for "session" channels, in place of MINA's own. */
    static ChannelFactory factory(RoleSource roles) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public Channel createChannel(Session session) {
                return new SessionChannel(roles);
            }
        };
    }

    /** Whether the client asked for a terminal and was given one. */
    static boolean hasPty(ChannelSession channel) {
        return channel instanceof SessionChannel s && s.pty;
    }

    /** Why this channel's pty-req was refused, to tell the user; empty when none was refused. */
    static Optional<String> ptyRefusal(ChannelSession channel) {
        return channel instanceof SessionChannel s ? s.ptyRefusal : Optional.empty();
    }

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
            Map<PtyMode, Integer> modes) throws IOException {
        UserIdentity user = getSession().getAttribute(UserCertificateAuthenticator.USER);
        Optional<String> refusal = refusal(user);
        if (refusal.isPresent()) {
            LOG.info("refused a terminal to {} as '{}': {}", user == null ? "?" : user.username(),
                    getSession().getUsername(), refusal.get());
            ptyRefusal = refusal;
            return RequestHandler.Result.ReplyFailure;
        }
        pty = true;
        return super.handlePtyReqParsed(term, columns, rows, width, height, modes);
    }

    private Optional<String> refusal(UserIdentity user) {
        if (user == null) {
            return Optional.of("not authenticated");
        }
        if (!user.permitPty()) {
            return Optional.of("the certificate of " + user.username() + " does not permit a terminal (no permit-pty)");
        }
        if (!roles.checkerFor(user).permitPty()) {
            return Optional.of("a role of " + user.username() + " forbids a terminal (permit_pty: false)");
        }
        return Optional.empty();
    }
}
