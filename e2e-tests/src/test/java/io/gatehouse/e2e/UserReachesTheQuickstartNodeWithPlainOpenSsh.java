package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's first check, verbatim: with nothing but the files from `gatectl auth sign` and
 * `gatectl auth export --type=host`, the plain OpenSSH client reaches the quickstart's node:
 * ssh -o CertificateFile=PREFIX-cert.pub -i PREFIX -o UserKnownHostsFile=KNOWN -J USER@127.0.0.1:3023 LOGIN@NODE.
 * OpenSSH hands -i/-o to the jump hop only through its default files (~/.ssh/id_ecdsa*, ~/.ssh/known_hosts),
 * so PREFIX and KNOWN live there; a private mount namespace gives this run its own ~/.ssh.
 */
// The dedicated SSH and tunnel ports here; the ...OnTheWebPortOnly subclass runs it through :3080 alone.
@SharedCluster(Cluster.PortMode.SEPARATE)
class UserReachesTheQuickstartNodeWithPlainOpenSsh {
    private static Cluster cluster;
    @TempDir
    static Path dotSsh;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        assertEquals(0, cluster.gatectl("users", "add", "robot", "--roles=access", "--logins=" + Cluster.LOGIN).exit());
    }

    @Test
    void theExactCommandFromTheIssueRunsOnTheNodeAndPassesTheExitCode() throws Exception {
        var sign = cluster.gatectl("auth", "sign", "--user=robot", "--ttl=1h", "--out=" + dotSsh.resolve("id_ecdsa"));
        assertEquals(0, sign.exit(), sign.toString());
        var export = cluster.gatectl("auth", "export", "--type=host");
        assertEquals(0, export.exit(), export.toString());
        Files.writeString(dotSsh.resolve("known_hosts"), export.out());

        Path home = Path.of(System.getProperty("user.home"), ".ssh");
        Files.createDirectories(home);
        String prefix = home.resolve("id_ecdsa").toString();
        int jumpPort = cluster.sshPort();
        if (cluster.ports() == Cluster.PortMode.WEB_ONLY) {
            // Only the web port is reachable: the jump hop (which reads only ~/.ssh/config) gets there
            // through gate's TLS pipe, verifying the proxy with the CAs gatectl auth sign wrote.
            jumpPort = cluster.webPort();
            Files.writeString(dotSsh.resolve("config"), "Host 127.0.0.1\n    ProxyCommand " + Cluster.REPO
                    .resolve("bin/gate") + " proxy tls --cas " + prefix + ".cas %h:%p\n");
        }
        var r = Proc.run(List.of("unshare", "-m", "sh", "-c", "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"",
                "sh", dotSsh.toString(), home.toString(),
                "ssh", "-o", "BatchMode=yes", "-o", "CertificateFile=" + prefix + "-cert.pub", "-i", prefix,
                "-o", "UserKnownHostsFile=" + home.resolve("known_hosts"),
                "-J", "robot@127.0.0.1:" + jumpPort, Cluster.LOGIN + "@" + cluster.nodeName(),
                "echo gatehouse-$((6*7)) on $(hostname); exit 3"), Map.of(), Duration.ofSeconds(60));
        assertEquals(3, r.exit(), r.toString() + "\n--- proxy log\n" + cluster.log("proxy"));
        assertTrue(r.out().startsWith("gatehouse-42 on "), r.toString());
    }
}
