package io.gatehouse.auth.ca;

import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.DbServerCertsResponse;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signs certificate pairs (OpenSSH + X.509) with the cluster CAs. Pure CPU work, no I/O: callers
 * decide the identity (roles, logins, TTL); this class only encodes and signs it.
 */
@ApplicationScoped
public class CertificateIssuer {
    private final CertificateAuthorities cas;
    private final SecureRandom random = new SecureRandom();
    private volatile Signers signers;

    private record Signers(SshCertificateSigner userSsh, X509CertificateSigner userTls, SshCertificateSigner hostSsh,
            X509CertificateSigner hostTls) {
    }

    public CertificateIssuer(CertificateAuthorities cas) {
        this.cas = cas;
    }

    public CertsResponse issueUser(PublicKey subject, UserIdentity identity) {
        Signers s = signers();
        String ssh = s.userSsh().signUser(subject, identity, serial());
        String tls = Keys.certificateToPem(s.userTls().issueUser(subject, identity, serial()));
        return new CertsResponse(identity.username(), ssh, tls, identity.expires(), caCertificates(),
                List.of(cas.get(CaType.HOST).sshPublicKey()), List.of(cas.get(CaType.USER).sshPublicKey()));
    }

    public HostCertsResponse issueHost(PublicKey subject, HostIdentity identity) {
        Signers s = signers();
        String ssh = s.hostSsh().signHost(subject, identity, serial());
        String tls = Keys.certificateToPem(s.hostTls().issueHost(subject, identity, serial()));
        return new HostCertsResponse(identity.hostId(), ssh, tls, identity.expires(), caCertificates(),
                List.of(cas.get(CaType.USER).sshPublicKey()), List.of(cas.get(CaType.HOST).sshPublicKey()));
    }

    /** A self-hosted database's server certificate from the database CA, with its names as SANs. */
    public DbServerCertsResponse issueDbServer(PublicKey subject, List<String> dnsNames, List<String> ipAddresses,
            Duration ttl) {
        ClusterCa db = cas.get(CaType.DB);
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        X509Certificate cert = new X509CertificateSigner(db.keyPair(), db.tlsCertificate()).issueServer(subject, "db",
                commonName, dnsNames, ipAddresses, ttl, serial());
        return new DbServerCertsResponse(Keys.certificateToPem(cert), Keys.certificateToPem(db.tlsCertificate()),
                Keys.certificateToPem(cas.get(CaType.DB_CLIENT).tlsCertificate()), cert.getNotAfter().toInstant());
    }

    /**
     * A user certificate that leads to one database: X.509 only (database clients speak TLS, not
     * SSH), the route in {@code identity}'s routing extension.
     */
    public DbCertsResponse issueDbUser(PublicKey subject, UserIdentity identity, DbRoute route) {
        String tls = Keys.certificateToPem(signers().userTls().issueUser(subject, identity, serial()));
        return new DbCertsResponse(identity.username(), route.service(), route.protocol(), route.user(),
                route.database(), tls, identity.expires(), caCertificates());
    }

    /** A user certificate that leads to one app: X.509 only, the route in {@code identity}'s routing extension. */
    public AppCertsResponse issueAppUser(PublicKey subject, UserIdentity identity, AppRoute route, String uriKind) {
        String tls = Keys.certificateToPem(signers().userTls().issueUser(subject, identity, serial()));
        return new AppCertsResponse(identity.username(), route.name(), uriKind, tls, identity.expires(),
                caCertificates());
    }

    /**
     * An agent's client certificate for logging in to a database as {@code dbUser}, from the
     * database client CA, with the database CA's certificate (what the database's server
     * certificate chains to) for the agent to verify the database with.
     */
    public DbClientCertResponse issueDbClient(PublicKey subject, String dbUser, Instant notBefore, Instant notAfter) {
        X509Certificate cert = DbClientCertificateSigner.issue(cas.get(CaType.DB_CLIENT), subject, dbUser, notBefore,
                notAfter, serial());
        return new DbClientCertResponse(Keys.certificateToPem(cert), cert.getNotAfter().toInstant(),
                List.of(Keys.certificateToPem(cas.get(CaType.DB).tlsCertificate())));
    }

    /** The X.509 CA certificates a client needs: host CA (to trust servers) and user CA. */
    public List<String> caCertificates() {
        return List.of(Keys.certificateToPem(cas.get(CaType.HOST).tlsCertificate()),
                Keys.certificateToPem(cas.get(CaType.USER).tlsCertificate()));
    }

    private long serial() {
        return random.nextLong() & Long.MAX_VALUE;
    }

    private Signers signers() {
        Signers current = signers;
        if (current == null) {
            ClusterCa user = cas.get(CaType.USER);
            ClusterCa host = cas.get(CaType.HOST);
            current = new Signers(new SshCertificateSigner(user.keyPair()),
                    new X509CertificateSigner(user.keyPair(), user.tlsCertificate()),
                    new SshCertificateSigner(host.keyPair()),
                    new X509CertificateSigner(host.keyPair(), host.tlsCertificate()));
            signers = current;
        }
        return current;
    }
}
