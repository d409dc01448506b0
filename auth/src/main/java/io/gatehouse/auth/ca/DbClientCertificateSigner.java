package io.gatehouse.auth.ca;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The client certificate an agent logs in to a database with: subject exactly CN=&lt;database user&gt;
 * (what PostgreSQL's cert auth compares with the user name and MariaDB's REQUIRE SUBJECT
 * '/CN=user' with the subject), client authentication only, nothing Gatehouse-specific: the
 * database is the only party that reads it.
 */
final class DbClientCertificateSigner {
    private DbClientCertificateSigner() {
    }

    static X509Certificate issue(ClusterCa dbClientCa, PublicKey subject, String dbUser, Instant notBefore,
            Instant notAfter, long serial) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, dbUser).build();
        X509Certificate ca = dbClientCa.tlsCertificate();
        try {
            var utils = new JcaX509ExtensionUtils();
            var b = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(serial), Date.from(notBefore),
                    Date.from(notAfter), name, subject);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subject));
            // SunEC as the shared signer does: with Bouncy Castle registered the default is slower.
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC")
                    .build(dbClientCa.keyPair().getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("issuing the database client certificate for '" + dbUser + "' failed: "
                    + e.getMessage(), e);
        }
    }
}
