package io.gatehouse.agent.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs programs as the certificate's login. The agent normally runs as root and drops to the
 * login with runuser, so a session never has more rights than the login itself; an agent not
 * running as root can only serve its own user.
 */
public final class LocalLogins {
    /** Environment variables a client may pass (OpenSSH's usual AcceptEnv set). */
    static final List<String> PASSED_ENV = List.of("TERM", "LANG", "LC_ALL", "LC_CTYPE", "COLUMNS", "LINES");
    /** Absolute: pty4j and ProcessBuilder resolve names through the session's PATH, which may lack sbin. */
    static final String RUNUSER = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser"
            : "/sbin/runuser";

    private final String agentUser;
    private final boolean root;

    public LocalLogins() {
        this(System.getProperty("user.name"), "root".equals(System.getProperty("user.name")));
    }

    LocalLogins(String agentUser, boolean root) {
        this.agentUser = agentUser;
        this.root = root;
    }

    /** @return why this login cannot be served here, or empty when it can */
    public Optional<String> refusal(String login) {
        if (!login.matches("[a-z_][a-z0-9_.-]{0,31}")) {
            return Optional.of("'" + login + "' is not a valid login name");
        }
        if (!exists(login)) {
            return Optional.of("login '" + login + "' does not exist on this node");
        }
        if (!root && !login.equals(agentUser)) {
            return Optional.of("this agent runs as '" + agentUser + "' and can only serve that login");
        }
        return Optional.empty();
    }

    /** argv for an interactive login shell as {@code login}. */
    public List<String> shell(String login) {
        if (!root) {
            return List.of(loginShell(login), "-l");
        }
        return List.of(RUNUSER, "-l", "-w", String.join(",", PASSED_ENV), login);
    }

    /** argv for {@code command} run by the login's shell, as OpenSSH does ("$SHELL -c command"). */
    public List<String> command(String login, String command) {
        if (!root) {
            return List.of(loginShell(login), "-c", command);
        }
        List<String> argv = new ArrayList<>(List.of(RUNUSER, "-l", "-w", String.join(",", PASSED_ENV), login,
                "-c", command));
        return argv;
    }

    private static boolean exists(String login) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(login + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String loginShell(String login) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> l.startsWith(login + ":"))
                    .map(l -> l.substring(l.lastIndexOf(':') + 1)).filter(s -> !s.isBlank()).findFirst()
                    .orElse("/bin/sh");
        } catch (IOException e) {
            return "/bin/sh";
        }
    }
}
