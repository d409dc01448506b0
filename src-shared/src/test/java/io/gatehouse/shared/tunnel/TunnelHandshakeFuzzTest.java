package io.gatehouse.shared.tunnel;

import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.MalformedCertificateException;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The host-certificate global request is the first thing the proxy reads from whoever dials the
 * tunnel port after key authentication: its payload may end only in MalformedCertificateException.
 */
class TunnelHandshakeFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static byte[] validPayload() {
        KeyPair ca = Keys.generateEcdsaP256();
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        String line = new SshCertificateSigner(ca).signHost(Keys.generateEcdsaP256().getPublic(), new HostIdentity(
                "uuid-1", "web-1", "test", List.of("node"), List.of(), now, now.plusSeconds(600)), 9);
        ByteArrayBuffer b = new ByteArrayBuffer();
        b.putString(line);
        return b.getCompactData();
    }

    @Test
    void hostCertificateRequestPayloadsEndInMalformedCertificate() {
        Fuzz.run(Target.of("host-certificate request", payload -> IdentityCodec.hostFromSsh(
                TunnelProtocol.readHostCertificate(new ByteArrayBuffer(payload))), List.of(validPayload(),
                        new byte[] {0, 0, 0, 0}), MalformedCertificateException.class), 3024, 1000, 1500, LIMIT);
    }

    @Test
    void aHugeLengthFieldIsRefusedWithoutAllocatingIt() {
        Fuzz.check(Target.of("host-certificate request", payload -> TunnelProtocol.readHostCertificate(
                new ByteArrayBuffer(payload)), List.of(), MalformedCertificateException.class), 0, 0,
                new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x'});
    }
}
