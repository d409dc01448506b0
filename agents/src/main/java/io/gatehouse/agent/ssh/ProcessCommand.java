package io.gatehouse.agent.ssh;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One SSH channel served by one local process: with a real PTY when the client was given one
 * (SessionChannel; pty4j, window changes resize it), with plain pipes otherwise (binary-safe for
 * scp/sftp). Its output is recorded when the roles say so (SessionRecording); the process's exit
 * code becomes the channel's exit status.
 */
final class ProcessCommand implements Command {
    private final LocalLogins.Launch launch;
    private final Starter audit;

    /** Opens the audit session (and its recording) once the channel's PTY and size are known. */
    @FunctionalInterface
    interface Starter {
        SessionAudit.Session start(ChannelSession channel, boolean pty, int width, int height)
                throws SessionRecording.Refused;
    }
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** A strict recording failed: the session ends with 255 whatever the killed process returns. */
    private final AtomicBoolean endedByRecording = new AtomicBoolean();

    /** @param audit called at start (with whether a PTY was given); its session records the end */
    ProcessCommand(LocalLogins.Launch launch, Starter audit) {
        this.launch = launch;
        this.audit = audit;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Map<String, String> vars = new HashMap<>();
        env.getEnv().forEach((k, v) -> {
            if (LocalLogins.PASSED_ENV.contains(k)) {
                vars.put(k, v);
            }
        });
        vars.putAll(launch.env());
        vars.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        // The channel's word, not the environment's: a client can send COLUMNS with an env request.
        boolean pty = SessionChannel.hasPty(channel);
        int cols = number(env.getEnv().get(Environment.ENV_COLUMNS), 80);
        int rows = number(env.getEnv().get(Environment.ENV_LINES), 24);
        SessionAudit.Session session;
        try {
            // Before the process: a strict session whose recording cannot be written never runs.
            session = audit.start(channel, pty, cols, rows);
        } catch (SessionRecording.Refused e) {
            tell(e.getMessage());
            exit.onExit(1, e.getMessage());
            return;
        }
        SessionChannel.ptyRefusal(channel).ifPresent(r -> tell("no terminal: " + r));
        try {
            process = pty ? startPty(env, vars, cols, rows) : startPipes(vars);
        } catch (IOException e) {
            finish(session, 127);
            throw e;
        }
        SessionRecording recording = session.recording();
        // On its own thread: a failed write may be noticed on MINA's I/O thread (a window change),
        // which must not block on telling the user.
        recording.whenStrictRecordingFails(() -> Thread.ofPlatform().daemon().start(() -> {
            // Before the kill: the process's own exit (SIGTERM, 143) must not win the race to finish.
            endedByRecording.set(true);
            tell(recording.lossMessage());
            kill();
            finish(session, 255);
        }));
        if (pty) {
            env.addSignalListener((ch, signal) -> recording.resize(number(env.getEnv().get(
                    Environment.ENV_COLUMNS), cols), number(env.getEnv().get(Environment.ENV_LINES), rows)),
                    Signal.WINCH);
        }
        pumpUntilExit(session, pty, recording.record(out, true), recording.record(err, false));
    }

    /** Copies input to the process and its (recorded) output to the client until it exits. */
    private void pumpUntilExit(SessionAudit.Session session, boolean pty, OutputStream screen, OutputStream errors) {
        // Closing a PTY's input would close the pty master and lose the output: on the client's EOF
        // a terminal session just stops reading, as sshd does; a pipe is closed to signal EOF.
        // Platform threads, not virtual ones: pty4j reads and waits in native code (JNA), which pins
        // a virtual thread's carrier; with one carrier per core, two idle shells would stall every
        // other session on the node. Small stacks keep a session's four threads cheap.
        Thread.Builder threads = Thread.ofPlatform().daemon().stackSize(256 * 1024);
        threads.start(() -> pump(in, process.getOutputStream(), !pty));
        Thread stdout = threads.start(() -> pump(process.getInputStream(), screen, false));
        Thread stderr = pty ? null : threads.start(() -> pump(process.getErrorStream(), errors, false));
        threads.start(() -> {
            try {
                int code = process.waitFor();
                stdout.join();
                if (stderr != null) {
                    stderr.join();
                }
                finish(session, code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.onExit(255, "interrupted");
            }
        });
    }

    /** Ends the channel once: the process exited, or a strict recording failed first. */
    private void finish(SessionAudit.Session session, int processCode) {
        int code = endedByRecording.get() ? 255 : processCode;
        if (finished.compareAndSet(false, true)) {
            session.ended(code);
            exit.onExit(code);
        }
    }

    /** A line from Gatehouse on the user's stderr (CR LF: it may land on a terminal in raw mode). */
    private void tell(String message) {
        try {
            err.write(("Gatehouse: " + message + "\r\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // the client left
        }
    }

    private Process startPty(Environment env, Map<String, String> vars, int cols, int rows) throws IOException {
        vars.putIfAbsent("TERM", "xterm");
        PtyProcessBuilder builder = new PtyProcessBuilder(launch.argv().toArray(String[]::new));
        launch.directory().ifPresent(d -> builder.setDirectory(d.toString()));
        PtyProcess pty = builder.setEnvironment(vars).setConsole(false)
                .setInitialColumns(cols).setInitialRows(rows).setRedirectErrorStream(true)
                // Without it, output written just before a quick exit can be lost with the tty.
                .setUnixOpenTtyToPreserveOutputAfterTermination(true).start();
        env.addSignalListener((channel, signal) -> pty.setWinSize(new WinSize(
                number(env.getEnv().get(Environment.ENV_COLUMNS), cols),
                number(env.getEnv().get(Environment.ENV_LINES), rows))), Signal.WINCH);
        return pty;
    }

    private Process startPipes(Map<String, String> vars) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launch.argv());
        launch.directory().ifPresent(d -> pb.directory(d.toFile()));
        pb.environment().clear();
        pb.environment().putAll(vars);
        return pb.start();
    }

    /** Copies until either side ends; closing the target tells the other side "end of input". */
    private static void pump(InputStream from, OutputStream to, boolean closeTarget) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = from.read(buf)) >= 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // the peer went away: the process exit (or destroy) finishes the channel
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        kill();
    }

    private void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            try {
                p.descendants().forEach(ProcessHandle::destroy);
            } catch (UnsupportedOperationException ptyProcess) {
                // pty4j processes have no handle; their session ends with the hang-up below
            }
            p.destroy(); // SIGHUP/SIGTERM to the login's shell, as sshd does when the client goes
        }
    }

    private static int number(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
