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
 * ssh.login_refused) and hands them to a sink — in the agent, the durable spool. Shells and
 * commands are also recorded when the user's roles ask for it (SessionRecording).
 */
public final class SessionAudit {
    private final String nodeName;
    private final Consumer<NodeEvent> sink;
    private final Clock clock;
    private final RoleSource roles;
    private final Optional<java.nio.file.Path> recordings;

    /**
     * @param recordings where shells and commands are recorded (asciicast v2) when the user's roles say
     *     record_session; empty when the node keeps none (a strict role then refuses sessions)
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

    /** What a session channel runs; shells and commands are recorded when the roles say so, SFTP never. */
    enum Kind {
        SHELL("shell", true), EXEC("exec", true), SFTP("sftp", false);

        private final String id;
        private final boolean recorded;

        Kind(String id, boolean recorded) {
            this.id = id;
            this.recorded = recorded;
        }
    }

    /**
     * One channel's life: emits its start now and its end when {@link Session#ended} is called.
     * Shells and commands are recorded with or without a terminal: a session without one (ssh -T,
     * a script on stdin) must not be a way around record_session.
     *
     * @throws SessionRecording.Refused when the roles make recording strict and it cannot be written
     *     (the refusal is audited as a failed session.start)
     */
    Session start(ChannelSession channel, Kind kind, Optional<String> command, boolean pty, int width, int height)
            throws SessionRecording.Refused {
        UserIdentity user = SshService.user(channel);
        String who = user == null ? channel.getSession().getUsername() : user.username();
        String id = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("session_id", id);
        fields.put("kind", kind.id);
        fields.put("login", SshService.login(channel));
        fields.put("remote_addr", String.valueOf(channel.getSession().getClientAddress()));
        fields.put("pty", pty);
        command.ifPresent(c -> fields.put("command", c));
        SessionRecording recording;
        try {
            recording = kind.recorded && user != null ? SessionRecording.open(recordings, id, roles.checkerFor(user),
                    user.username(), nodeName, pty, width, height, clock.instant())
                    : SessionRecording.none(id);
        } catch (SessionRecording.Refused e) {
            fields.put("reason", e.getMessage());
            emit(EventType.SESSION_START, false, who, fields);
            throw e;
        }
        if (recording.recorded()) {
            fields.put("recording", id + ".cast");
        }
        recording.failure().ifPresent(f -> fields.put("recording_error", f));
        emit(EventType.SESSION_START, true, who, fields);
        return new Session(id, who, SshService.login(channel), kind, command, clock.instant(), recording);
    }

    public final class Session {
        private final String id;
        private final String user;
        private final String login;
        private final Kind kind;
        private final Optional<String> command;
        private final Instant started;
        private final SessionRecording recording;

        private Session(String id, String user, String login, Kind kind, Optional<String> command,
                Instant started, SessionRecording recording) {
            this.id = id;
            this.user = user;
            this.login = login;
            this.kind = kind;
            this.command = command;
            this.started = started;
            this.recording = recording;
        }

        SessionRecording recording() {
            return recording;
        }

        /** The session's end: its recording is closed and handed to the uploader, then exec and session.end. */
        void ended(int exitCode) {
            recording.finish(user, login, started);
            long millis = Duration.between(started, clock.instant()).toMillis();
            command.ifPresent(c -> emit(EventType.EXEC, exitCode == 0, user, Map.of("session_id", id, "command", c,
                    "exit_code", exitCode)));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("session_id", id);
            fields.put("kind", kind.id);
            fields.put("exit_code", exitCode);
            fields.put("duration_ms", millis);
            recording.failure().ifPresent(f -> fields.put("recording_error", f));
            emit(EventType.SESSION_END, true, user, fields);
        }
    }

    private void emit(EventType type, boolean success, String user, Map<String, Object> fields) {
        sink.accept(new NodeEvent(UUID.randomUUID().toString(), type.id(), success, clock.instant(), user,
                "node/" + nodeName, fields));
    }
}
