package io.gatehouse.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real OpenSSH tools with a configuration file (what `gate config` prints). */
public final class Ssh {
    private final Path config;

    public Ssh(Path config) {
        this.config = config;
    }

    public Proc.Result ssh(String destination, String command) {
        return run("ssh", List.of("-o", "BatchMode=yes", destination, command));
    }

    public Proc.Result scp(String from, String to) {
        return run("scp", List.of("-o", "BatchMode=yes", "-q", from, to));
    }

    /** Legacy scp (-O): "scp -t/-f" run as a command on the node instead of SFTP. */
    public Proc.Result scpLegacy(String from, String to) {
        return run("scp", List.of("-O", "-o", "BatchMode=yes", "-q", from, to));
    }

    /** rsync over ssh with this configuration ("rsync --server" runs as a command on the node). */
    public Proc.Result rsync(String from, String to) {
        return Proc.run(List.of("rsync", "-e", "ssh -F " + config + " -o BatchMode=yes", from, to), Map.of(),
                Duration.ofSeconds(120));
    }

    public Proc.Result sftp(String destination, Path batch) {
        return run("sftp", List.of("-o", "BatchMode=yes", "-b", batch.toString(), destination));
    }

    private Proc.Result run(String program, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(program, "-F", config.toString()));
        cmd.addAll(args);
        return Proc.run(cmd, Map.of(), Duration.ofSeconds(120));
    }
}
