package io.gatehouse.cli.gate;

import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.ssh.SshTransport;

/**
 * The OpenSSH client configuration that reaches a cluster's nodes through its proxy, so that
 * plain ssh, scp, sftp and rsync work: NODE.CLUSTER names jump through the proxy alias, both hops
 * use the user's certificate, and host keys are checked against the cluster's host CA only.
 * Ciphers puts AES-GCM first: Gatehouse's Java endpoints run it on AES-NI (see SshTransport).
 * The node block sets no User: the login on a node is the one the person types (LOGIN@NODE).
 */
final class SshConfig {
    private SshConfig() {
    }

    static String render(Target.Cluster c) {
        String keys = """
                    IdentityFile "%s"
                    CertificateFile "%s"
                    IdentitiesOnly yes
                    UserKnownHostsFile "%s"
                    GlobalKnownHostsFile /dev/null
                    StrictHostKeyChecking yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    Ciphers %s
                """.formatted(c.keys().prefix(), c.keys().sshCertificate(), c.knownHosts(),
                SshTransport.OPENSSH_CLIENT_LINE);
        return """
                # Gatehouse cluster '%1$s' through the proxy %2$s, as %3$s (written by gate).
                # Reach a node as: ssh LOGIN@NODE.%1$s  (scp, sftp and rsync -e ssh work the same way)
                Host %4$s
                    HostName %5$s
                    Port %6$d
                    User %3$s
                %8$s%7$s
                Host *.%1$s !%4$s
                    ProxyJump %4$s
                %7$s""".formatted(c.name(), c.proxy(), c.user(), c.proxyAlias(), c.proxyHost(),
                c.tlsRouting() ? c.webPort() : c.sshPort(), keys, c.tlsRouting() ? proxyCommand(c) : "");
    }

    /**
     * With TLS routing the jump host is reached through the web port with ALPN gatehouse-ssh. OpenSSH
     * starts the ProxyCommand for every connection, so it should start fast: `openssl s_client` where
     * installed (milliseconds; it checks the proxy's chain against the login's cluster CAs), else
     * `gate proxy tls` (a JVM, ~0.3 s more per connection, which also checks the proxy role). The
     * TLS layer adds no trust of its own either way: OpenSSH still checks the jump host's SSH host
     * certificate against the cluster's host CA, exactly as on the SSH port. ssh_config hands
     * ProxyCommand to the shell after expanding %-tokens, so words are single-quoted and % doubled;
     * one that cannot be quoted so is refused rather than written.
     */
    static String proxyCommand(Target.Cluster c) {
        return proxyCommand(c, onPath("openssl"));
    }

    static String proxyCommand(Target.Cluster c, boolean openssl) {
        String cas = quote(c.keys().cas().toString());
        if (openssl) {
            return "    ProxyCommand openssl s_client -quiet -verify_quiet -verify_return_error -nocommands -noservername -alpn "
                    + TlsRouting.SSH + " -CAfile " + cas + " -connect " + quote(c.proxy()) + "\n";
        }
        String gate = System.getenv().getOrDefault("GATEHOUSE_LAUNCHER", "gate");
        return "    ProxyCommand " + quote(gate) + " proxy tls --cas " + cas + " " + quote(c.proxy()) + "\n";
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, program)));
    }

    private static String quote(String word) {
        if (word.contains("'") || word.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)) {
            throw new io.gatehouse.cli.apiclient.CliException(io.gatehouse.cli.apiclient.ExitCodes.INVALID,
                    "cannot write '" + word + "' into an OpenSSH ProxyCommand (a quote or control character)");
        }
        return "'" + word.replace("%", "%%") + "'";
    }
}
