package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.KeyReaders;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatectl auth sign for automation, checked with the real ssh-keygen and openssl. */
@SharedCluster
class AdminSignsCertificatesThatRealToolsAccept {
    private static Cluster cluster;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        assertEquals(0, cluster.gatectl("users", "add", "robot", "--roles=access", "--logins=deploy,ubuntu").exit());
        var sign = cluster.gatectl("auth", "sign", "--user=robot", "--ttl=2h", "--out=" + dir.resolve("robot"));
        assertEquals(0, sign.exit(), sign.toString());
    }

    @Test
    void sshKeygenReadsKeyIdPrincipalsValidityAndExtensions() throws Exception {
        var l = Proc.run("ssh-keygen", "-L", "-f", dir.resolve("robot-cert.pub").toString());
        assertEquals(0, l.exit(), l.toString());
        assertTrue(l.out().contains("user certificate"), l.out());
        assertTrue(l.out().contains("Key ID: \"robot\""), l.out());
        assertTrue(l.out().matches("(?s).*Principals: \\n\\s+deploy\\n\\s+ubuntu\\n.*"), l.out());
        for (String ext : new String[] {"permit-pty", "permit-port-forwarding", "gatehouse-roles@gatehouse.io",
            "gatehouse-traits@gatehouse.io"}) {
            assertTrue(l.out().contains(ext), "extension " + ext + " in\n" + l.out());
        }
        Matcher valid = Pattern.compile("Valid: from (\\S+) to (\\S+)").matcher(l.out());
        assertTrue(valid.find(), l.out());
        Duration span = Duration.between(LocalDateTime.parse(valid.group(1)), LocalDateTime.parse(valid.group(2)));
        assertEquals(Duration.ofHours(2).plusMinutes(1), span, "2h TTL plus the 1 minute backdating");

        var ca = cluster.gatectl("auth", "export", "--type=user");
        Files.writeString(dir.resolve("user_ca.pub"), ca.out());
        var fp = Proc.run("ssh-keygen", "-l", "-f", dir.resolve("user_ca.pub").toString());
        String caFingerprint = fp.out().split(" ")[1];
        assertTrue(l.out().contains("Signing CA: ECDSA " + caFingerprint), "signed by the exported user CA:\n"
                + l.out() + "\n" + fp.out());
    }

    @Test
    void theSshPrivateKeyIsOwnerOnlyAndReadableByEverySshClient() throws Exception {
        Path key = dir.resolve("robot");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        KeyReaders.assertEveryClientReads(key, Files.readString(dir.resolve("robot.pub")).strip().split(" ")[1]);
    }

    @Test
    void opensslShowsSubjectAndCustomExtensionsAndVerifiesAgainstTheUserCaOnly() throws Exception {
        String crt = dir.resolve("robot.crt").toString();
        var text = Proc.run("openssl", "x509", "-in", crt, "-noout", "-text");
        assertTrue(text.out().contains("Subject: O = access, CN = robot"), text.out());
        assertTrue(text.out().contains("TLS Web Client Authentication"), text.out());
        assertTrue(text.out().contains("1.3.9999.1776.2") && text.out().contains("[\"deploy\",\"ubuntu\"]"),
                text.out());

        Files.writeString(dir.resolve("user_ca.pem"), cluster.gatectl("auth", "export", "--type=user",
                "--format=tls").out());
        Files.writeString(dir.resolve("host_ca.pem"), cluster.gatectl("auth", "export", "--type=host",
                "--format=tls").out());
        var ok = Proc.run("openssl", "verify", "-CAfile", dir.resolve("user_ca.pem").toString(), "-purpose",
                "sslclient", crt);
        assertEquals(0, ok.exit(), ok.toString());
        var wrongCa = Proc.run("openssl", "verify", "-CAfile", dir.resolve("host_ca.pem").toString(), crt);
        assertNotEquals(0, wrongCa.exit(), "a certificate must not verify against another CA");
    }

    @Test
    void hostCaExportIsAKnownHostsCertAuthorityLine() {
        var host = cluster.gatectl("auth", "export", "--type=host");
        assertEquals(0, host.exit());
        assertTrue(host.out().startsWith("@cert-authority * ecdsa-sha2-nistp256 AAAA"), host.out());
    }

    @Test
    void anOverLongTtlAndAnExistingFileAreRefused() {
        var longTtl = cluster.gatectl("auth", "sign", "--user=robot", "--ttl=100h", "--out=" + dir.resolve("x"));
        assertEquals(7, longTtl.exit(), longTtl.toString());
        assertTrue(longTtl.err().contains("exceeds the maximum 12h"), longTtl.err());
        var exists = cluster.gatectl("auth", "sign", "--user=robot", "--ttl=1h", "--out=" + dir.resolve("robot"));
        assertEquals(4, exists.exit(), exists.toString());
        assertTrue(exists.err().contains("--overwrite"), exists.err());
    }
}
