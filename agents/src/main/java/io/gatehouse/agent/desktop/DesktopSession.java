package io.gatehouse.agent.desktop;

import io.gatehouse.agent.recording.RecordingFiles;
import io.gatehouse.agent.ssh.RoleSource;
import io.gatehouse.agent.ssh.UserCertificateAuthenticator;
import io.gatehouse.rdp.RdpClient;
import io.gatehouse.rdp.RdpConnectException;
import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.desktop.FrameStream;
import io.gatehouse.shared.desktop.MalformedFrame;
import io.gatehouse.shared.desktop.Open;
import io.gatehouse.shared.desktop.ServerFrame;
import io.gatehouse.shared.rbac.Decision;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's desktop session on the agent's SSH channel: the proxy's OPEN, the role check
 * (this agent decides, with the user's certificate and roles, as nodes do for SSH), the RDP
 * connection with a credential from the agent's config, then screen frames out and input in.
 */
final class DesktopSession implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopSession.class);
    static final Duration RDP_STEP = Duration.ofSeconds(15);

    private final List<DesktopConfig> desktops;
    private final RoleSource roles;
    private final DesktopAudit audit;
    private final Optional<Path> recordings;
    private final Function<String, String> environment;
    private final int encoding;
    private InputStream in;
    private FrameWriter out;
    private ExitCallback exit;
    private volatile ScreenStream screen;

    DesktopSession(List<DesktopConfig> desktops, RoleSource roles, DesktopAudit audit, Optional<Path> recordings,
            Function<String, String> environment, int encoding) {
        this.desktops = desktops;
        this.roles = roles;
        this.audit = audit;
        this.recordings = recordings;
        this.environment = environment;
        this.encoding = encoding;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = new FrameWriter(out);
    }

    @Override
    public void setErrorStream(OutputStream err) {
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        UserIdentity user = channel.getSession().getAttribute(UserCertificateAuthenticator.USER);
        String from = String.valueOf(channel.getSession().getClientAddress());
        Thread.ofVirtual().name("desktop-session").start(() -> run(user, from));
    }

    private void run(UserIdentity user, String from) {
        DataInputStream frames = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        try {
            serve(frames, user, open(frames, user, from));
        } catch (Failure f) {
            out.tryWrite(new ServerFrame.Error(f.code, f.getMessage()));
        } catch (MalformedFrame e) {
            out.tryWrite(new ServerFrame.Error("protocol", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("desktop session of {} failed: {}", user == null ? "?" : user.username(), e.toString());
            out.tryWrite(new ServerFrame.Error("unreachable", "the desktop session failed: " + e.getMessage()));
        } finally {
            exit.onExit(0);
        }
    }

    /** What the proxy's OPEN asked for, checked: the desktop, the login, its password, the size. */
    private record Opened(DesktopConfig desktop, String login, String password, int[] size) {
    }

    private Opened open(DataInputStream frames, UserIdentity user, String from)
            throws IOException, Failure, MalformedFrame {
        var first = FrameStream.read(frames, FrameStream.MAX_INPUT_FRAME);
        if (first.isEmpty()) {
            throw new Failure("protocol", "the desktop session did not start with OPEN");
        }
        Open open = Open.parse(first.get());
        DesktopConfig desktop = check(user, open.desktop(), open.login(), from);
        return new Opened(desktop, open.login(), password(desktop, open.login()), DesktopInput.sizeFor(open.width(),
                open.height()));
    }

    /** Connects to the desktop and runs the session until either side ends it; audited and recorded. */
    private void serve(DataInputStream frames, UserIdentity user, Opened o)
            throws IOException, Failure, MalformedFrame {
        String name = o.desktop().name();
        String id = UUID.randomUUID().toString();
        Optional<DesktopRecorder> recorder = recorder(user, o.desktop(), o.login(), id, o.size());
        out.recordTo(recorder);
        out.write(new ServerFrame.Connected(name, o.login(), id));
        Instant started = audit.clock().instant();
        screen = new ScreenStream(out, encoding, RdpClient::connect, in);
        try {
            screen.connect(new RdpSettings(o.desktop().host(), o.desktop().port(), o.login(), o.password(),
                    o.desktop().domain(), o.size()[0], o.size()[1], o.desktop().colorDepth(), true, RDP_STEP,
                    o.desktop().trust(), o.desktop().security()));
        } catch (RdpConnectException e) {
            String message = refusal(name, e);
            audit.failed(user.username(), name, o.login(), id, message);
            discardRecording(recorder, id);
            throw new Failure(code(e), message);
        }
        audit.started(user.username(), name, o.login(), id, o.desktop().addr(), recorder.isPresent());
        String why = "closed";
        try {
            why = screen.pump(frames);
        } finally {
            screen.close();
            finishRecording(recorder, id, user.username(), o.login(), started);
            audit.ended(user.username(), name, o.login(), id, Duration.between(started, audit.clock().instant())
                    .toMillis(), why);
        }
    }

    private DesktopConfig check(UserIdentity user, String name, String login, String from) throws Failure {
        Optional<DesktopConfig> desktop = desktops.stream().filter(d -> d.name().equals(name)).findFirst();
        if (user == null || desktop.isEmpty()) {
            String reason = "no desktop named '" + name + "' on this agent";
            audit.refused(user == null ? "" : user.username(), name, login, reason, from);
            throw new Failure("not_found", reason + "; the resources page lists the desktops you can reach");
        }
        Decision decision = roles.checkerFor(user).checkDesktop(name, desktop.get().labels(), login);
        if (!decision.allowed()) {
            audit.refused(user.username(), name, login, decision.reason(), from);
            throw new Failure("access_denied", "no role of " + user.username() + " gives the login '" + login
                    + "' on desktop '" + name + "'");
        }
        return desktop.get();
    }

    private String password(DesktopConfig desktop, String login) throws Failure {
        DesktopConfig.Credential credential = desktop.logins().get(login);
        if (credential == null) {
            throw new Failure("bad_credential", "the agent serving desktop '" + desktop.name() + "' has no credential "
                    + "for the login '" + login + "'; an administrator adds it to the agent's desktops config");
        }
        try {
            return credential.read(environment);
        } catch (IOException e) {
            LOG.warn("desktop {}: cannot read the credential of login {} ({}): {}", desktop.name(), login, credential,
                    e.getMessage());
            throw new Failure("bad_credential", "the agent cannot read the credential of the login '" + login
                    + "' on desktop '" + desktop.name() + "' (" + credential + "); see the agent's log");
        }
    }

    private Optional<DesktopRecorder> recorder(UserIdentity user, DesktopConfig d, String login, String id,
            int[] size) {
        if (recordings.isEmpty() || !roles.checkerFor(user).recordSession()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DesktopRecorder(recordings.get().resolve(id + ".cast"), d.name(), login,
                    user.username(), size[0], size[1], audit.clock().instant().getEpochSecond()));
        } catch (IOException e) {
            LOG.error("cannot record desktop session {} of {}: {}", id, user.username(), e.getMessage());
            return Optional.empty();
        }
    }

    private void finishRecording(Optional<DesktopRecorder> recorder, String id, String user, String login,
            Instant started) {
        recorder.ifPresent(r -> {
            try {
                r.close();
                RecordingFiles.finished(recordings.orElseThrow(), id, user, login, started);
            } catch (IOException e) {
                LOG.error("recording of desktop session {} is incomplete: {}", id, e.getMessage());
            }
        });
    }

    /** A session that never connected leaves no recording behind (its start is audited as failed). */
    private void discardRecording(Optional<DesktopRecorder> recorder, String id) {
        out.recordTo(Optional.empty());
        recorder.ifPresent(r -> {
            try {
                r.close();
                java.nio.file.Files.deleteIfExists(recordings.orElseThrow().resolve(id + ".cast"));
            } catch (IOException e) {
                LOG.warn("cannot remove the recording of failed desktop session {}: {}", id, e.getMessage());
            }
        });
    }

    /** The engine's sentence, naming the desktop; an untrusted certificate is the administrator's business too. */
    static String refusal(String desktop, RdpConnectException e) {
        return switch (e.reason()) {
            case UNTRUSTED -> {
                LOG.warn("desktop {}: {}", desktop, e.getMessage());
                yield "desktop '" + desktop + "': " + e.getMessage() + ". An administrator checks the tls setting of"
                        + " this desktop in the agent's config";
            }
            case NEGOTIATION -> "desktop '" + desktop + "': " + e.getMessage();
            default -> e.getMessage();
        };
    }

    static String code(RdpConnectException e) {
        return switch (e.reason()) {
            case UNTRUSTED -> "untrusted";
            case LOGON_FAILED -> "bad_credential";
            case PROTOCOL, NEGOTIATION, TLS -> "protocol";
            default -> "unreachable";
        };
    }

    @Override
    public void destroy(ChannelSession channel) {
        ScreenStream s = screen;
        if (s != null) {
            s.close();
        }
    }

    static final class Failure extends Exception {
        final String code;

        Failure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
