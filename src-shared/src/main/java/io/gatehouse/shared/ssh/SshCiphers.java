package io.gatehouse.shared.ssh;

import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.helpers.AbstractFactoryManager;

/**
 * The ciphers every Gatehouse SSH endpoint (jump host, node, tunnel) offers. AES only: the JDK runs
 * AES-GCM and AES-CTR on the CPU's AES-NI/CLMUL instructions, while MINA's
 * chacha20-poly1305@openssh.com is plain Java and several times slower; a byte on its way to a user
 * is encrypted up to three times in Java (node, tunnel, jump host), so this sets the throughput.
 * OpenSSH takes the first of its own preferences the server offers: chacha20 when offered, so it is
 * not; aes128-ctr otherwise, or aes128-gcm with the Ciphers line that `gate config` writes.
 */
public final class SshCiphers {
    /** In order of preference, for the side that chooses (a client: the tunnel agent). */
    public static final List<NamedFactory<Cipher>> OFFERED = List.of(BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);

    /** The OpenSSH Ciphers line for a client of Gatehouse: GCM first. */
    public static final String OPENSSH_CLIENT_LINE = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,"
            + "aes192-ctr,aes256-ctr";

    private SshCiphers() {
    }

    /** Restricts a MINA client or server to {@link #OFFERED}. */
    public static void apply(AbstractFactoryManager endpoint) {
        endpoint.setCipherFactories(OFFERED);
    }
}
