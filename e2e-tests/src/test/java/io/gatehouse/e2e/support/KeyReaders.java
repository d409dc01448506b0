package io.gatehouse.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SSH clients a user may load a Gatehouse private key into. ssh-keygen always; paramiko
 * (Debian: python3-paramiko) and PuTTY's puttygen (putty-tools) where installed: both refused
 * the PKCS#8 keys Gatehouse used to write.
 */
public final class KeyReaders {
    private KeyReaders() {
    }

    /** ssh-keygen reads {@code key}, and every other reader here derives the same public key from it. */
    public static void assertEveryClientReads(Path key) {
        var openssh = Proc.run("ssh-keygen", "-y", "-f", key.toString());
        assertEquals(0, openssh.exit(), openssh.toString());
        assertEveryClientReads(key, openssh.out().strip().split(" ")[1]);
    }

    /** Every reader here derives the same public key (the base64 blob of an OpenSSH line) from {@code key}. */
    public static void assertEveryClientReads(Path key, String publicKeyBlob) {
        var openssh = Proc.run("ssh-keygen", "-y", "-f", key.toString());
        assertEquals(0, openssh.exit(), openssh.toString());
        assertEquals(publicKeyBlob, openssh.out().strip().split(" ")[1], "ssh-keygen -y");
        if (Proc.run("/usr/bin/python3", "-c", "import paramiko").exit() == 0) {
            var paramiko = Proc.run("/usr/bin/python3", "-c", "import paramiko, sys; "
                    + "print(paramiko.ECDSAKey.from_private_key_file(sys.argv[1]).get_base64())", key.toString());
            assertEquals(0, paramiko.exit(), paramiko.toString());
            assertEquals(publicKeyBlob, paramiko.out().strip(), "paramiko");
        }
        if (Files.isExecutable(Path.of("/usr/bin/puttygen"))) {
            var puttygen = Proc.run("puttygen", key.toString(), "-O", "public-openssh");
            assertEquals(0, puttygen.exit(), puttygen.toString());
            assertEquals(publicKeyBlob, puttygen.out().strip().split(" ")[1], "puttygen");
        }
    }
}
