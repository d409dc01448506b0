package io.gatehouse.auth.status;

import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.join.JoinTokenService;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.StatusResponse;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.resource.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What the cluster looks like to a caller: its CAs' fingerprints and expiry, version and counts
 * (what `gatectl status` prints).
 */
@ApplicationScoped
public class ClusterStatus {
    static final String VERSION = ClusterStatus.class.getPackage().getImplementationVersion() == null ? "0.1.0-dev"
            : ClusterStatus.class.getPackage().getImplementationVersion();

    private final CertificateAuthorities cas;
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final JoinTokenService tokens;
    private final Clock clock;

    public ClusterStatus(CertificateAuthorities cas, Mutiny.SessionFactory sessions, ResourceStore store,
            JoinTokenService tokens, Clock clock) {
        this.cas = cas;
        this.sessions = sessions;
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Uni<StatusResponse> of(Caller who) {
        String kind = switch (who) {
            case Caller.User u -> "user";
            case Caller.Host h -> "host:" + String.join(",", h.identity().systemRoles());
        };
        List<StatusResponse.CaStatus> caStatus = Arrays.stream(CaType.values()).map(t -> {
            var ca = cas.get(t);
            return new StatusResponse.CaStatus(t.id(), Keys.sshFingerprint(ca.keyPair().getPublic()),
                    tlsFingerprint(ca.tlsCertificate()), ca.tlsCertificate().getNotAfter().toInstant());
        }).toList();
        return sessions.withSession(s -> store.count(s, Kind.USER).flatMap(users -> store.count(s, Kind.ROLE)
                .flatMap(roles -> tokens.count(s).flatMap(toks -> store.count(s, Kind.NODE).map(nodes ->
                        new StatusResponse(cas.clusterName(), VERSION, clock.instant(), who.name(), kind, caStatus,
                                users, roles, toks, nodes))))));
    }

    private static String tlsFingerprint(java.security.cert.X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return "SHA256:" + HexFormat.ofDelimiter(":").formatHex(d, 0, 8) + "...";
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "unavailable";
        }
    }
}
