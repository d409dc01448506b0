package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * gate speaks SSH through the local OpenSSH client with the generated configuration (like
 * `tsh config` + ssh): full compatibility (PTY, escapes, forwarding, scp/sftp) for free.
 */
final class OpenSsh {
    private OpenSsh() {
    }

    static int run(String program, Target.Cluster c, List<String> args) throws IOException, InterruptedException {
        Files.writeString(c.sshConfig(), SshConfig.render(c));
        List<String> cmd = new ArrayList<>(List.of(program, "-F", c.sshConfig().toString()));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot run '" + program + "' (" + e.getMessage() + "): gate "
                    + "uses the OpenSSH client; install it (Debian: apt install openssh-client)");
        }
        return p.waitFor();
    }
}
