package io.gatehouse.shared.cert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * One file holding a client's whole identity (like Teleport's identity file): private key, SSH
 * certificate, X.509 certificate, and the CAs to trust. Written 0600 from the moment it exists.
 */
public record IdentityFile(String privateKeyPem, String sshCertificate, String tlsCertificatePem,
        List<String> trustedTlsCaPems, List<String> trustedSshCaLines) {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s+[A-Za-z0-9+/=\\s]+?-----END \\1-----\\s*");

    public IdentityFile {
        trustedTlsCaPems = List.copyOf(trustedTlsCaPems);
        trustedSshCaLines = List.copyOf(trustedSshCaLines);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(privateKeyPem.strip()).append('\n');
        out.append(sshCertificate.strip()).append('\n');
        out.append(tlsCertificatePem.strip()).append('\n');
        trustedTlsCaPems.forEach(ca -> out.append(ca.strip()).append('\n'));
        trustedSshCaLines.forEach(ca -> out.append("@cert-authority * ").append(ca.strip()).append('\n'));
        return out.toString();
    }

    public static IdentityFile decode(String text) {
        String key = null;
        List<String> certs = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String block = m.group().strip() + "\n";
            if (m.group(1).endsWith("PRIVATE KEY")) {
                key = block;
            } else if (m.group(1).equals("CERTIFICATE")) {
                certs.add(block);
            }
        }
        String ssh = null;
        List<String> sshCas = new ArrayList<>();
        for (String line : PEM.matcher(text).replaceAll("").split("\n")) {
            String l = line.strip();
            if (l.startsWith("@cert-authority ")) {
                sshCas.add(l.substring("@cert-authority ".length()).replaceFirst("^\\S+\\s+", ""));
            } else if (l.contains("-cert-v01@openssh.com ")) {
                ssh = l;
            }
        }
        if (key == null || ssh == null || certs.isEmpty()) {
            throw new IllegalArgumentException("not a Gatehouse identity file: missing "
                    + (key == null ? "the private key" : ssh == null ? "the SSH certificate" : "the X.509 certificate"));
        }
        return new IdentityFile(key, ssh, certs.get(0), certs.subList(1, certs.size()), sshCas);
    }

    public static IdentityFile read(Path file) throws IOException {
        return decode(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** Atomic replace through a temp file that is 0600 before a byte of the key is written. */
    public void writeTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".identity", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, encode(), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public X509Certificate tlsCertificate() {
        return Keys.parseCertificatePem(tlsCertificatePem);
    }

    /**
     * A TLS client context that presents no certificate and trusts only a server of the cluster
     * holding {@code peerRole} (PeerRoleTrust).
     */
    public SSLContext trustOnlySslContext(String peerRole) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, PeerRoleTrust.requiring(peerRole, trustStore()), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS client from the identity's CAs: " + e.getMessage(), e);
        }
    }

    /** The cluster CAs this identity trusts, as a key store (also for RenewableIdentity). */
    KeyStore trustStore() throws GeneralSecurityException, IOException {
        return KeyStores.trusting(KeyStores.certificates(trustedTlsCaPems));
    }

    /**
     * A TLS 1.3/1.2 client context presenting this identity and trusting only a server of the
     * cluster that holds {@code peerRole} ("auth", "proxy"): a node's certificate never passes.
     */
    public SSLContext sslContext(String peerRole) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), PeerRoleTrust.requiring(peerRole, trustStore()), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS client from the identity: " + e.getMessage(), e);
        }
    }

    /** Key managers presenting this identity's key and certificate (also for RenewableIdentity). */
    KeyManager[] keyManagers() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStores.holding("identity", Keys.parsePrivateKeyPem(privateKeyPem), List.of(tlsCertificate()));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, KeyStores.password());
        return kmf.getKeyManagers();
    }

    /** The host or user key pair of this identity. */
    public KeyPair keyPair() {
        return Keys.keyPairFromPrivate(Keys.parsePrivateKeyPem(privateKeyPem));
    }

    @Override
    public String toString() {
        return "IdentityFile[" + tlsCertificate().getSubjectX500Principal().getName() + "]";
    }
}
