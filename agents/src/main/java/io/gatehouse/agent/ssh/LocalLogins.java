package io.gatehouse.agent.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** A program to start for a session: its argv, the variables it gets, and where it starts. */
    public record Launch(List<String> argv, Map<String, String> env, Optional<Path> directory) {
        public Launch {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
        }
    }

    /** An interactive login shell as {@code login} (runuser -l sets up HOME, PATH... and the cwd). */
    public Launch shell(String login) {
        if (!root) {
            return new Launch(List.of(loginShell(login), "-l"), Map.of(), Optional.empty());
        }
        return new Launch(List.of(RUNUSER, "-l", "-w", String.join(",", PASSED_ENV), login), Map.of(),
                Optional.empty());
    }

    /**
     * {@code command} run by the login's shell as OpenSSH does: "$SHELL -c command", not a login
     * shell (no /etc/profile or ~/.profile per command, and nothing they print can corrupt an
     * sftp or scp stream), with sshd's variables and the home directory as the working directory.
     */
    public Launch command(String login, String command) {
        Launch base = program(login, List.of());
        String shell = base.env().get("SHELL");
        return new Launch(root ? List.of(RUNUSER, "-u", login, "--", shell, "-c", command)
                : List.of(shell, "-c", command), base.env(), base.directory());
    }

    /**
     * {@code argv} run directly as the login (no shell in between), with the same variables and
     * working directory as {@link #command}: for Gatehouse's own helpers, such as the SFTP server.
     */
    public Launch program(String login, List<String> argv) {
        String[] entry = entry(login).orElse(new String[0]);
        String shell = field(entry, 6).orElse("/bin/sh");
        String home = field(entry, 5).orElse("/");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home);
        env.put("USER", login);
        env.put("LOGNAME", login);
        env.put("SHELL", shell);
        env.put("PATH", login.equals("root") ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                : "/usr/local/bin:/usr/bin:/bin:/usr/games");
        Optional<Path> dir = Files.isDirectory(Path.of(home)) ? Optional.of(Path.of(home)) : Optional.of(Path.of("/"));
        List<String> run = new ArrayList<>();
        if (root) {
            run.addAll(List.of(RUNUSER, "-u", login, "--"));
        }
        run.addAll(argv);
        return new Launch(run, env, dir);
    }

    /**
     * Why the login may not transfer files, if it may not: OpenSSH runs sftp-server through the
     * login's shell, so an account whose shell refuses logins (nologin, false) gets no SFTP there,
     * and none here.
     */
    public Optional<String> fileTransferRefusal(String login) {
        String shell = entry(login).flatMap(e -> field(e, 6)).orElse("/bin/sh");
        String name = Path.of(shell).getFileName().toString();
        return name.equals("nologin") || name.equals("false")
                ? Optional.of("login '" + login + "' has no login shell (" + shell + "): it cannot transfer files")
                : Optional.empty();
    }

    private static boolean exists(String login) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(login + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String loginShell(String login) {
        return entry(login).flatMap(e -> field(e, 6)).orElse("/bin/sh");
    }

    /** The login's /etc/passwd entry, split into its fields (read once per session start). */
    private static Optional<String[]> entry(String login) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> l.startsWith(login + ":"))
                    .map(l -> l.split(":", -1)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Field {@code index} (0-based) of a passwd entry, when present and not empty. */
    private static Optional<String> field(String[] entry, int index) {
        return entry.length > index && !entry[index].isBlank() ? Optional.of(entry[index]) : Optional.empty();
    }
}
