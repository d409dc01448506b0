package io.gatehouse.agent.ssh;

import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.UserIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * Turns what happens on the node's SSH server into audit events (session.start/end, exec,
 * ssh.login_refused) and hands them to a sink — in the agent, the durable spool.
 */
public final class SessionAudit {
    private final String nodeName;
    private final Consumer<NodeEvent> sink;
    private final Clock clock;

    public SessionAudit(String nodeName, Consumer<NodeEvent> sink, Clock clock) {
        this.nodeName = nodeName;
        this.sink = sink;
        this.clock = clock;
    }

    void refused(UserCertificateAuthenticator.Refusal refusal) {
        emit(EventType.SSH_LOGIN_REFUSED, false, refusal.user(), Map.of("login", refusal.login(), "reason",
                refusal.reason()));
    }

    /** One channel's life: emits its start now and its end when {@link Session#ended} is called. */
    Session start(ChannelSession channel, String kind, Optional<String> command) {
        UserIdentity user = SshService.user(channel);
        String who = user == null ? channel.getSession().getUsername() : user.username();
        String id = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("session_id", id);
        fields.put("kind", kind);
        fields.put("login", SshService.login(channel));
        fields.put("remote_addr", String.valueOf(channel.getSession().getClientAddress()));
        command.ifPresent(c -> fields.put("command", c));
        emit(EventType.SESSION_START, true, who, fields);
        return new Session(id, who, kind, command, clock.instant());
    }

    public final class Session {
        private final String id;
        private final String user;
        private final String kind;
        private final Optional<String> command;
        private final Instant started;

        private Session(String id, String user, String kind, Optional<String> command, Instant started) {
            this.id = id;
            this.user = user;
            this.kind = kind;
            this.command = command;
            this.started = started;
        }

        void ended(int exitCode) {
            long millis = Duration.between(started, clock.instant()).toMillis();
            command.ifPresent(c -> emit(EventType.EXEC, exitCode == 0, user, Map.of("session_id", id, "command", c,
                    "exit_code", exitCode)));
            emit(EventType.SESSION_END, true, user, Map.of("session_id", id, "kind", kind, "exit_code", exitCode,
                    "duration_ms", millis));
        }
    }

    private void emit(EventType type, boolean success, String user, Map<String, Object> fields) {
        sink.accept(new NodeEvent(UUID.randomUUID().toString(), type.id(), success, clock.instant(), user,
                "node/" + nodeName, fields));
    }
}
