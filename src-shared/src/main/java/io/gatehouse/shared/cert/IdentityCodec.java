package io.gatehouse.shared.cert;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads identities back out of certificates: the inverse of the two signers. */
public final class IdentityCodec {
    private IdentityCodec() {
    }

    public static boolean isHostCertificate(X509Certificate cert) {
        return cert.getExtensionValue(GatehouseOids.SYSTEM_ROLES.getId()) != null;
    }

    public static UserIdentity userFromX509(X509Certificate cert) {
        X500Name name = name(cert.getSubjectX500Principal());
        Map<String, Boolean> perms = ext(cert, GatehouseOids.PERMISSIONS).map(CertJson::flags).orElse(Map.of());
        return new UserIdentity(first(name, BCStyle.CN), all(name, BCStyle.O),
                ext(cert, GatehouseOids.TRAITS).map(CertJson::traits).orElse(Map.of()),
                ext(cert, GatehouseOids.LOGINS).map(CertJson::stringList).orElse(List.of()),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                ext(cert, GatehouseOids.ROUTING).map(CertJson::stringMap).orElse(Map.of()),
                perms.getOrDefault("port_forwarding", false), perms.getOrDefault("pty", false),
                ext(cert, GatehouseOids.ACTIVE_REQUEST));
    }

    public static HostIdentity hostFromX509(X509Certificate cert) {
        X500Name name = name(cert.getSubjectX500Principal());
        return new HostIdentity(first(name, BCStyle.CN), ext(cert, GatehouseOids.NODE_NAME).orElse(""),
                ext(cert, GatehouseOids.CLUSTER_NAME).orElse(""),
                ext(cert, GatehouseOids.SYSTEM_ROLES).map(CertJson::stringList).orElse(List.of()),
                ext(cert, GatehouseOids.PRINCIPALS).map(CertJson::stringList).orElse(List.of()),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                ext(cert, GatehouseOids.PINNED_ADDR).orElse(""));
    }

    public static UserIdentity userFromSsh(OpenSshCertificate cert) {
        Map<String, String> ext = cert.getExtensionsMap();
        return new UserIdentity(cert.getId(),
                Optional.ofNullable(ext.get(SshCertificateSigner.EXT_ROLES)).map(CertJson::stringList)
                        .orElse(List.of()),
                Optional.ofNullable(ext.get(SshCertificateSigner.EXT_TRAITS)).map(CertJson::traits).orElse(Map.of()),
                List.copyOf(cert.getPrincipals()), instant(cert.getValidAfter()), instant(cert.getValidBefore()),
                Optional.ofNullable(ext.get(SshCertificateSigner.EXT_ROUTE)).map(CertJson::stringMap)
                        .orElse(Map.of()),
                ext.containsKey("permit-port-forwarding"), ext.containsKey("permit-pty"),
                Optional.ofNullable(ext.get(SshCertificateSigner.EXT_REQUEST)));
    }

    public static HostIdentity hostFromSsh(OpenSshCertificate cert) {
        Map<String, String> ext = cert.getExtensionsMap();
        String cluster = ext.getOrDefault(SshCertificateSigner.EXT_CLUSTER, "");
        List<String> principals = new ArrayList<>(cert.getPrincipals());
        String hostId = cert.getId();
        // Principals are [hostId, node, node.cluster, extra...] as SshCertificateSigner wrote them.
        String node = principals.size() > 1 && !principals.get(1).equals(hostId) ? principals.get(1) : "";
        List<String> extra = principals.subList(Math.min(principals.size(), node.isEmpty() ? 1 : 3),
                principals.size());
        return new HostIdentity(hostId, node, cluster,
                Optional.ofNullable(ext.get(SshCertificateSigner.EXT_SYSTEM_ROLES)).map(CertJson::stringList)
                        .orElse(List.of()),
                List.copyOf(extra), instant(cert.getValidAfter()), instant(cert.getValidBefore()),
                ext.getOrDefault(SshCertificateSigner.EXT_PINNED_ADDR, ""));
    }

    /**
     * PROTOCOL.certkeys times are unsigned 64-bit seconds and 0xFFFFFFFFFFFFFFFF means "forever";
     * anything past what Instant holds (a negative long here) is read as the end of time.
     */
    private static java.time.Instant instant(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > java.time.Instant.MAX.getEpochSecond()) {
            return java.time.Instant.MAX;
        }
        return java.time.Instant.ofEpochSecond(epochSeconds);
    }

    private static X500Name name(X500Principal p) {
        try {
            return X500Name.getInstance(p.getEncoded());
        } catch (RuntimeException e) {
            throw new MalformedCertificateException("the certificate's subject name is malformed: " + e.getMessage(), e);
        }
    }

    private static String first(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? "" : value(rdns[0], type);
    }

    private static List<String> all(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            out.add(value(rdn, type));
        }
        return out;
    }

    /** Bouncy Castle reports a string that is not what its ASN.1 type promises (bad UTF-8) as IllegalArgumentException. */
    private static String value(RDN rdn, ASN1ObjectIdentifier type) {
        try {
            return IETFUtils.valueToString(rdn.getFirst().getValue());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MalformedCertificateException("the certificate's subject " + BCStyle.INSTANCE.oidToDisplayName(type)
                    + " is malformed: " + e.getMessage(), e);
        }
    }

    private static Optional<String> ext(X509Certificate cert, ASN1ObjectIdentifier oid) {
        byte[] raw = cert.getExtensionValue(oid.getId());
        if (raw == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(raw).getOctets());
            if (inner instanceof ASN1String s) {
                return Optional.of(s.getString());
            }
            throw new MalformedCertificateException("extension " + oid + " is not a string");
        } catch (java.io.IOException | RuntimeException e) {
            // Bouncy Castle reports a wrong ASN.1 type as IllegalArgumentException or ClassCastException.
            throw new MalformedCertificateException("extension " + oid + " is malformed: " + e.getMessage(), e);
        }
    }
}
