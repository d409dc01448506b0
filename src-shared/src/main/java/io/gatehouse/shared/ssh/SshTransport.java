package io.gatehouse.shared.ssh;

import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Transport settings of every Gatehouse SSH endpoint (jump host, node, tunnel, both ends).
 *
 * <p>TCP_NODELAY: a byte crosses up to four SSH connections (user → jump host → loopback →
 * tunnel → loopback → node). With Nagle's algorithm each hop held back a packet smaller than a
 * segment until the previous one was acknowledged, and delayed ACKs turned that into stalls that
 * left the cores idle: measured on 256 MiB, 46 → 114 MB/s up and 87 → 151 MB/s down. Go (and so
 * Teleport) sets it by default.
 *
 * <p>Ciphers: the ciphers every Gatehouse SSH endpoint (jump host, node, tunnel) offers. AES only: the JDK runs
 * AES-GCM and AES-CTR on the CPU's AES-NI/CLMUL instructions, while MINA's
 * chacha20-poly1305@openssh.com is plain Java and several times slower; a byte on its way to a user
 * is encrypted up to three times in Java (node, tunnel, jump host), so this sets the throughput.
 * OpenSSH takes the first of its own preferences the server offers: chacha20 when offered, so it is
 * not; aes128-ctr otherwise, or aes128-gcm with the Ciphers line that `gate config` writes.
 *
 * <p>Identification: every endpoint announces itself as {@link #SOFTWARE_VERSION} (RFC 4253 4.2),
 * not as MINA's default `APACHE-SSHD-2.17.1`: what `ssh -v` shows names the product a user runs,
 * and the library's exact version is not advertised to scanners.
 */
public final class SshTransport {
    /** In order of preference, for the side that chooses (a client: the tunnel agent). */
    public static final List<NamedFactory<Cipher>> OFFERED = List.of(BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);

    /** The OpenSSH Ciphers line for a client of Gatehouse: GCM first. */
    public static final String OPENSSH_CLIENT_LINE = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,"
            + "aes192-ctr,aes256-ctr";

    /**
     * The softwareversion of the identification line, `SSH-2.0-` + this (RFC 4253 4.2: printable
     * US-ASCII without spaces or minus signs).
     */
    public static final String SOFTWARE_VERSION = "Gatehouse_0.1.0";

    private SshTransport() {
    }

    /**
     * TCP_NODELAY, ciphers restricted to {@link #OFFERED} and the Gatehouse identification, on a
     * MINA client or server.
     */
    public static void apply(AbstractFactoryManager endpoint) {
        endpoint.setCipherFactories(OFFERED);
        CoreModuleProperties.TCP_NODELAY.set(endpoint, true);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(endpoint, SOFTWARE_VERSION);
        CoreModuleProperties.CLIENT_IDENTIFICATION.set(endpoint, SOFTWARE_VERSION);
    }
}
