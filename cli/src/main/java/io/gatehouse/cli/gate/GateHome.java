package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * ~/.gate (or $GATE_HOME): the current profile, the key sets from logins (keys/PROXY/USER*),
 * and the known_hosts and ssh_config files generated for OpenSSH. Private keys are 0600 and the
 * directory 0700 from creation.
 */
final class GateHome {
    private final Path root;

    GateHome(Path root) {
        this.root = root;
    }

    static GateHome fromEnvironment() {
        String env = System.getenv("GATE_HOME");
        return new GateHome(env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".gate"));
    }

    Path root() {
        return root;
    }

    Path keyPrefix(String proxy, String user) {
        return root.resolve("keys").resolve(proxy.replace(':', '_')).resolve(user);
    }

    /** Where generated OpenSSH files of one key set live (beside the keys for a login). */
    Path generatedDir(KeySet keys) {
        return keys.prefix().getParent();
    }

    Optional<Profile> profile() {
        Path file = root.resolve("profile");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new Profile(p.getProperty("proxy"), p.getProperty("user"), p.getProperty("cluster"),
                Integer.parseInt(p.getProperty("ssh_port", "3023")), Boolean.parseBoolean(p.getProperty("tls_routing",
                "false"))));
    }

    void saveProfile(Profile profile) throws IOException {
        ensureDir(root);
        Properties p = new Properties();
        p.setProperty("proxy", profile.proxy());
        p.setProperty("user", profile.user());
        p.setProperty("cluster", profile.cluster());
        p.setProperty("ssh_port", String.valueOf(profile.sshPort()));
        p.setProperty("tls_routing", String.valueOf(profile.tlsRouting()));
        try (var out = Files.newBufferedWriter(root.resolve("profile"))) {
            p.store(out, "gate login profile");
        }
    }

    void removeProfile() throws IOException {
        Files.deleteIfExists(root.resolve("profile"));
    }

    static void ensureDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (dir.getParent() != null) {
                ensureDir(dir.getParent());
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    static CliException notLoggedIn() {
        return new CliException(ExitCodes.ACCESS_DENIED, "not logged in: run gate login --proxy=HOST:3080 --user=NAME"
                + " (or pass --identity=PREFIX with files from gatectl auth sign)");
    }

    /**
     * Who is logged in where: the proxy's web address, the user, and facts learned from the proxy
     * (tlsRouting: SSH goes through the web port, /v1/webapi/ping's tls_routing).
     */
    record Profile(String proxy, String user, String cluster, int sshPort, boolean tlsRouting) {
    }
}
