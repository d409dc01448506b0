package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy alias reaches the jump host on its SSH port, or through the web port when the proxy routes TLS. */
class SshConfigTest {
    @TempDir
    Path dir;

    private Target.Cluster cluster(boolean tlsRouting, Path keys) {
        return new Target.Cluster("proxy.example.com:3080", "prod", 3023, tlsRouting, "alice", new KeySet(keys),
                dir.resolve("known_hosts"), dir.resolve("ssh_config"));
    }

    private static String aliasBlock(String config) {
        return config.substring(config.indexOf("Host proxy.prod"), config.indexOf("Host *.prod"));
    }

    @Test
    void withoutTlsRoutingTheAliasIsTheSshPort() {
        String alias = aliasBlock(SshConfig.render(cluster(false, dir.resolve("alice"))));
        assertTrue(alias.contains("Port 3023"), alias);
        assertFalse(alias.contains("ProxyCommand"), alias);
    }

    @Test
    void withTlsRoutingTheAliasGoesThroughTheWebPortWithTheLoginsCas() {
        Target.Cluster c = cluster(true, dir.resolve("alice"));
        String alias = aliasBlock(SshConfig.render(c));
        assertTrue(alias.contains("Port 3080"), alias);
        assertTrue(alias.contains("ProxyCommand "), alias);
        String openssl = SshConfig.proxyCommand(c, true);
        assertTrue(openssl.contains("-alpn gatehouse-ssh -CAfile '" + dir.resolve("alice.cas") + "'")
                && openssl.contains("-verify_return_error") && openssl.contains("-connect 'proxy.example.com:3080'"),
                openssl);
        String gate = SshConfig.proxyCommand(c, false);
        assertTrue(gate.contains(" proxy tls --cas '" + dir.resolve("alice.cas") + "' 'proxy.example.com:3080'"), gate);
    }

    @Test
    void percentSignsAreNotLeftForSshToExpand() {
        String line = SshConfig.proxyCommand(cluster(true, dir.resolve("50%h")), true);
        assertTrue(line.contains("50%%h.cas"), line);
    }

    @Test
    void aPathThatCannotBeQuotedForTheShellIsRefused() {
        assertThrows(CliException.class, () -> SshConfig.proxyCommand(cluster(true, dir.resolve("it's")), true));
        assertThrows(CliException.class, () -> SshConfig.proxyCommand(cluster(true, dir.resolve("a\nb")), false));
    }
}
