package io.gatehouse.shared.cert;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues X.509 certificates from a CA with Bouncy Castle. Thread-safe. */
public final class X509CertificateSigner {
    private final KeyPair ca;
    private final X500Name issuer;
    private final org.bouncycastle.asn1.x509.AuthorityKeyIdentifier authorityKeyId;

    public X509CertificateSigner(KeyPair caKeyPair, X509Certificate caCertificate) {
        this.ca = caKeyPair;
        this.issuer = X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
        try {
            this.authorityKeyId = new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate);
        } catch (Exception e) {
            throw new IllegalArgumentException("unusable CA certificate: " + e.getMessage(), e);
        }
    }

    public static X509Certificate selfSignedCa(KeyPair kp, String clusterName, CaType type, Duration validity) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, clusterName)
                .addRDN(BCStyle.CN, clusterName + " " + type.id() + " CA").build();
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, randomSerial(), Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(validity)), name, kp.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(kp.getPublic()));
            return build(b, kp);
        } catch (Exception e) {
            throw new IllegalStateException("creating the " + type.id() + " CA certificate failed: " + e.getMessage(), e);
        }
    }

    public X509Certificate issueUser(PublicKey subject, UserIdentity id, long serial) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        id.roles().forEach(r -> name.addRDN(BCStyle.O, r));
        name.addRDN(BCStyle.CN, id.username());
        var b = builder(name.build(), subject, serial, id.notBefore(), id.expires());
        try {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            custom(b, GatehouseOids.TRAITS, CertJson.write(id.traits()));
            custom(b, GatehouseOids.LOGINS, CertJson.write(id.logins()));
            if (!id.routing().isEmpty()) {
                custom(b, GatehouseOids.ROUTING, CertJson.write(id.routing()));
            }
            if (id.activeRequest().isPresent()) {
                custom(b, GatehouseOids.ACTIVE_REQUEST, id.activeRequest().get());
            }
            custom(b, GatehouseOids.PERMISSIONS, CertJson.write(Map.of("port_forwarding", id.permitPortForwarding(),
                    "pty", id.permitPty())));
            return build(b, ca);
        } catch (Exception e) {
            throw new IllegalStateException("issuing the X.509 certificate of " + id.username() + " failed", e);
        }
    }

    public X509Certificate issueHost(PublicKey subject, HostIdentity id, long serial) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        id.systemRoles().forEach(r -> name.addRDN(BCStyle.O, r));
        name.addRDN(BCStyle.CN, id.hostId());
        var b = builder(name.build(), subject, serial, id.notBefore(), id.expires());
        // TLS names: the host id and the node name only under the cluster's domain (a bare node name
        // like "localhost" or "auth" must never verify as a server name), plus names auth allowed.
        LinkedHashSet<String> names = new LinkedHashSet<>(List.of(id.hostId(), id.hostId() + "." + id.clusterName()));
        if (!id.nodeName().isBlank()) {
            names.add(id.nodeName() + "." + id.clusterName());
        }
        names.addAll(id.principals());
        try {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, sans(new ArrayList<>(names)));
            custom(b, GatehouseOids.SYSTEM_ROLES, CertJson.write(id.systemRoles()));
            custom(b, GatehouseOids.CLUSTER_NAME, id.clusterName());
            custom(b, GatehouseOids.NODE_NAME, id.nodeName());
            custom(b, GatehouseOids.PRINCIPALS, CertJson.write(id.principals()));
            if (!id.pinnedAddr().isEmpty()) {
                custom(b, GatehouseOids.PINNED_ADDR, id.pinnedAddr());
            }
            return build(b, ca);
        } catch (Exception e) {
            throw new IllegalStateException("issuing the host certificate of " + id.hostId() + " failed", e);
        }
    }

    /**
     * A TLS server certificate for a cluster service (auth's API) that names the system role it
     * serves, so clients can tell it from any other host certificate of the same CA (PeerRoleTrust).
     */
    public X509Certificate issueServer(PublicKey subject, String systemRole, String commonName, List<String> dnsNames,
            List<String> ipAddresses, Duration ttl, long serial) {
        Instant now = Instant.now();
        var b = builder(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(), subject, serial,
                now.minus(Duration.ofMinutes(1)), now.plus(ttl));
        List<String> all = new ArrayList<>(dnsNames);
        all.addAll(ipAddresses);
        try {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, sans(all));
            custom(b, GatehouseOids.SYSTEM_ROLES, CertJson.write(List.of(systemRole)));
            return build(b, ca);
        } catch (Exception e) {
            throw new IllegalStateException("issuing the server certificate failed: " + e.getMessage(), e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name subjectName, PublicKey subject, long serial, Instant from,
            Instant to) {
        var b = new JcaX509v3CertificateBuilder(issuer, Keys.serial(serial), Date.from(from), Date.from(to),
                subjectName, subject);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return b;
    }

    private static GeneralNames sans(List<String> names) {
        return new GeneralNames(names.stream().filter(n -> !n.isBlank()).distinct().map(n -> isIp(n)
                ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static boolean isIp(String n) {
        return n.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (n.contains(":") && n.matches("[0-9a-fA-F:]+"));
    }

    private static void custom(X509v3CertificateBuilder b, ASN1ObjectIdentifier oid, String value)
            throws CertIOException {
        b.addExtension(oid, false, new DERUTF8String(value));
    }

    private static X509Certificate build(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        // SunEC explicitly: with Bouncy Castle registered (MINA does that) the default would be slower.
        ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC")
                .build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(cs));
    }

    private static BigInteger randomSerial() {
        return new BigInteger(63, new SecureRandom());
    }
}
