package io.gatehouse.auth.bootstrap;

import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Identity files for processes on the auth host, like Teleport's local admin access for tctl:
 * admin.identity (everything, for gatectl) and proxy.identity (for a proxy started beside auth).
 * Rewritten with fresh keys at every start; mode 0600 from the moment the file exists.
 */
final class LocalIdentities {
    static final Duration TTL = Duration.ofDays(90);

    private final CertificateAuthorities cas;
    private final CertificateIssuer issuer;

    LocalIdentities(CertificateAuthorities cas, CertificateIssuer issuer) {
        this.cas = cas;
        this.issuer = issuer;
    }

    void write(Path file, String name, List<String> systemRoles) throws IOException {
        var key = Keys.generateEcdsaP256();
        Instant now = Instant.now();
        List<String> principals = List.of("localhost", "127.0.0.1", hostName());
        HostIdentity identity = new HostIdentity(name + "." + cas.clusterName(), name, cas.clusterName(), systemRoles,
                principals, now.minus(Duration.ofMinutes(1)), now.plus(TTL));
        HostCertsResponse certs = issuer.issueHost(key.getPublic(), identity);
        IdentityFile out = new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), certs.sshCertificate(),
                certs.tlsCertificate(), certs.tlsCaCertificates(),
                List.of(cas.get(CaType.HOST).sshPublicKey()));
        out.writeTo(file);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
