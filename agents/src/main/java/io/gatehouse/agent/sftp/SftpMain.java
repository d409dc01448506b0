package io.gatehouse.agent.sftp;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;

/**
 * The SFTP process the node's SSH service starts for each SFTP session, as the login (runuser),
 * on the channel's stdin and stdout. It needs nothing but the JDK, so the agent can hand the
 * login a copy of these few classes (SftpLauncher).
 */
public final class SftpMain {
    private SftpMain() {
    }

    public static void main(String[] args) {
        FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
        // Nothing but SFTP packets may reach stdout: anything printed by accident goes to stderr.
        System.setOut(System.err);
        int code = new SftpServer(System.err).serve(new FileInputStream(FileDescriptor.in), protocol);
        System.exit(code);
    }
}
