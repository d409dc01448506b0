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
import io.gatehouse.agent.recording.AsciicastRecorder;
import io.gatehouse.agent.recording.RecordingFiles;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what happens on the node's SSH server into audit events (session.start/end, exec,
 * ssh.login_refused) and hands them to a sink — in the agent, the durable spool. Interactive
 * sessions are also recorded when the user's roles ask for it.
 */
public final class SessionAudit {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAudit.class);
    private final String nodeName;
    private final Consumer<NodeEvent> sink;
    private final Clock clock;
    private final RoleSource roles;
    private final Optional<java.nio.file.Path> recordings;

    /**
     * @param recordings where interactive sessions are recorded (asciicast v2) when the user's roles
     *     say record_session; empty to record nothing
     */
    public SessionAudit(String nodeName, Consumer<NodeEvent> sink, Clock clock, RoleSource roles,
            Optional<java.nio.file.Path> recordings) {
        this.nodeName = nodeName;
        this.sink = sink;
        this.clock = clock;
        this.roles = roles;
        this.recordings = recordings;
    }

    void refused(UserCertificateAuthenticator.Refusal refusal) {
        emit(EventType.SSH_LOGIN_REFUSED, false, refusal.user(), Map.of("login", refusal.login(), "reason",
                refusal.reason()));
    }

    /** A port forwarding request (-L "local" or -R "remote") and whether it was allowed. */
    void portForward(org.apache.sshd.common.session.Session session, String direction, String address,
            Optional<String> refusal) {
        UserIdentity user = session.getAttribute(UserCertificateAuthenticator.USER);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("direction", direction);
        fields.put("addr", address);
        fields.put("login", session.getUsername());
        refusal.ifPresent(r -> fields.put("reason", r));
        emit(EventType.PORT_FORWARD, refusal.isEmpty(), user == null ? session.getUsername() : user.username(),
                fields);
    }

    /** One channel's life: emits its start now and its end when {@link Session#ended} is called. */
    Session start(ChannelSession channel, String kind, Optional<String> command, boolean pty, int width,
            int height) {
        UserIdentity user = SshService.user(channel);
        String who = user == null ? channel.getSession().getUsername() : user.username();
        String id = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("session_id", id);
        fields.put("kind", kind);
        fields.put("login", SshService.login(channel));
        fields.put("remote_addr", String.valueOf(channel.getSession().getClientAddress()));
        command.ifPresent(c -> fields.put("command", c));
        Optional<AsciicastRecorder> recorder = pty && user != null ? recorder(user, id, width, height)
                : Optional.empty();
        recorder.ifPresent(r -> fields.put("recording", id + ".cast"));
        emit(EventType.SESSION_START, true, who, fields);
        return new Session(id, who, SshService.login(channel), kind, command, clock.instant(), recorder);
    }

    private Optional<AsciicastRecorder> recorder(UserIdentity user, String id, int width, int height) {
        if (recordings.isEmpty() || !roles.checkerFor(user).recordSession()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AsciicastRecorder(recordings.get().resolve(id + ".cast"), width, height,
                    user.username() + "@" + nodeName, clock.instant().getEpochSecond()));
        } catch (java.io.IOException e) {
            LOG.error("cannot record session {} of {}: {}", id, user.username(), e.getMessage());
            return Optional.empty();
        }
    }

    public final class Session {
        private final String id;
        private final String user;
        private final String login;
        private final String kind;
        private final Optional<String> command;
        private final Instant started;
        private final Optional<AsciicastRecorder> recorder;

        private Session(String id, String user, String login, String kind, Optional<String> command,
                Instant started, Optional<AsciicastRecorder> recorder) {
            this.id = id;
            this.user = user;
            this.login = login;
            this.kind = kind;
            this.command = command;
            this.started = started;
            this.recorder = recorder;
        }

        Optional<AsciicastRecorder> recorder() {
            return recorder;
        }

        void ended(int exitCode) {
            recorder.ifPresent(r -> {
                try {
                    r.close();
                    // The metadata file marks the recording finished: the uploader takes it from here.
                    RecordingFiles.finished(recordings.orElseThrow(), id, user, login, started);
                } catch (java.io.IOException e) {
                    LOG.error("recording of session {} is incomplete: {}", id, e.getMessage());
                }
            });
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
