package io.gatehouse.agent.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** A channel request this session may not make: says why on stderr and exits 1. */
final class RefusedCommand implements Command {
    private final String reason;
    private OutputStream err;
    private ExitCallback exit;

    RefusedCommand(String reason) {
        this.reason = reason;
    }

    @Override
    public void setInputStream(java.io.InputStream in) {
    }

    @Override
    public void setOutputStream(OutputStream out) {
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
    public void start(ChannelSession channel, Environment env) {
        try {
            err.write(("Gatehouse: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // the client left
        }
        exit.onExit(1, reason);
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
}
