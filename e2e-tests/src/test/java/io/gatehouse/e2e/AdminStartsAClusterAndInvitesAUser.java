package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README path: quickstart, gatectl users add, the invite completed with password + TOTP, a login. */
class AdminStartsAClusterAndInvitesAUser {

    @Test
    void aNewUserSignsUpFromTheInviteAndLogsIn() throws Exception {
        try (Cluster cluster = new Cluster()) {
            var started = cluster.start();
            assertTrue(started.out().contains("Admin signup") && started.out().contains("/web/invite/"),
                    started.toString());
            assertTrue(started.out().contains("bin/gatectl users add"), "the quickstart says what to do next");
            // The link makes its first opener admin: printed to this terminal once, in no log file.
            assertFalse(cluster.authLog().contains("/web/invite/"), "the admin signup link is in the auth log");
            try (var logs = java.nio.file.Files.list(cluster.state())) {
                for (var log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    assertFalse(java.nio.file.Files.readString(log).contains("/web/invite/"), log.toString());
                }
            }

            var status = cluster.gatectl("status");
            assertEquals(0, status.exit(), status.toString());
            assertTrue(status.out().contains("Counts:   1 users, 3 roles"), status.out());

            var add = cluster.gatectl("users", "add", "alice", "--roles=access", "--logins=alice,ubuntu");
            assertEquals(0, add.exit(), add.toString());
            String token = Cluster.inviteToken(add.out());

            ProxyCalls proxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
            var alice = Users.completeInvite(proxy, "alice", token);
            var login = Users.login(proxy, "alice", Users.PASSWORD,
                    TotpCodes.code(alice.totpSecret(), TotpCodes.step(Instant.now())));
            assertEquals(200, login.status(), login.body().toString());

            var ssh = SshCertificateSigner.parse(login.body().path("ssh_certificate").asText());
            assertEquals("alice", ssh.getId());
            assertEquals(List.of("alice", "ubuntu"), ssh.getPrincipals().stream().sorted().toList());
            var x509 = IdentityCodec.userFromX509(Keys.parseCertificatePem(login.body().path("tls_certificate")
                    .asText()));
            assertEquals(List.of("access"), x509.roles());

            var again = cluster.start();
            assertTrue(again.out().contains("already running"), "a second quickstart reuses the running cluster");
            assertFalse(again.out().contains("/web/invite/"), "the signup link is shown once");
            var audit = cluster.gatectl("audit", "ls", "--user=alice");
            assertTrue(audit.out().contains("user.login") && audit.out().contains("user.password_set"), audit.out());
        }
    }
}
