package io.gatehouse.shared.cert;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * Signs OpenSSH certificates (PROTOCOL.certkeys) with a CA key pair. Thread-safe: no state but
 * the key. OpenSshCertificateWriter encodes and signs; MINA parses them back. Extensions live in a
 * sorted map because OpenSSH requires them sorted and unique.
 */
public final class SshCertificateSigner {
    public static final String EXT_ROLES = "gatehouse-roles@gatehouse.io";
    public static final String EXT_TRAITS = "gatehouse-traits@gatehouse.io";
    public static final String EXT_ROUTE = "gatehouse-route@gatehouse.io";
    public static final String EXT_REQUEST = "gatehouse-request@gatehouse.io";
    public static final String EXT_SYSTEM_ROLES = "gatehouse-system-roles@gatehouse.io";
    public static final String EXT_CLUSTER = "gatehouse-cluster@gatehouse.io";
    public static final String EXT_PINNED_ADDR = "gatehouse-pinned-addr@gatehouse.io";

    private final KeyPair ca;

    public SshCertificateSigner(KeyPair caKeyPair) {
        this.ca = caKeyPair;
    }

    /** @return the certificate in -cert.pub form: "ecdsa-sha2-nistp256-cert-v01@openssh.com AAAA... user" */
    public String signUser(PublicKey subject, UserIdentity id, long serial) {
        TreeMap<String, String> ext = new TreeMap<>();
        // PROTOCOL.certkeys "Extensions": flags carry an empty string.
        ext.put("permit-user-rc", "");
        if (id.permitPty()) {
            ext.put("permit-pty", "");
        }
        if (id.permitPortForwarding()) {
            ext.put("permit-port-forwarding", "");
        }
        ext.put(EXT_ROLES, CertJson.write(id.roles()));
        ext.put(EXT_TRAITS, CertJson.write(id.traits()));
        if (!id.routing().isEmpty()) {
            ext.put(EXT_ROUTE, CertJson.write(id.routing()));
        }
        id.activeRequest().ifPresent(r -> ext.put(EXT_REQUEST, r));
        List<String> principals = new ArrayList<>(new java.util.TreeSet<>(id.logins()));
        return sign(new OpenSshCertificateWriter.Body(OpenSshCertificateWriter.USER, subject, serial, id.username(),
                principals, id.notBefore(), id.expires(), ext), id.username());
    }

    public String signHost(PublicKey subject, HostIdentity id, long serial) {
        LinkedHashSet<String> principals = new LinkedHashSet<>(hostPrincipals(id));
        principals.addAll(id.principals());
        TreeMap<String, String> ext = new TreeMap<>();
        ext.put(EXT_CLUSTER, id.clusterName());
        ext.put(EXT_SYSTEM_ROLES, CertJson.write(id.systemRoles()));
        if (!id.pinnedAddr().isEmpty()) {
            ext.put(EXT_PINNED_ADDR, id.pinnedAddr());
        }
        return sign(new OpenSshCertificateWriter.Body(OpenSshCertificateWriter.HOST, subject, serial, id.hostId(),
                new ArrayList<>(principals), id.notBefore(), id.expires(), ext), id.nodeName());
    }

    /** The names every host certificate answers to, before any extra principals. */
    static List<String> hostPrincipals(HostIdentity id) {
        List<String> names = new ArrayList<>(List.of(id.hostId()));
        if (!id.nodeName().isBlank()) {
            names.add(id.nodeName());
            names.add(id.nodeName() + "." + id.clusterName());
        }
        return names;
    }

    /** Reads a -cert.pub line from an agent or a user; anything unreadable is a MalformedCertificateException. */
    public static OpenSshCertificate parse(String line) {
        PublicKey key;
        try {
            key = Keys.parseOpenSshPublicKey(line == null ? "" : line);
        } catch (IllegalArgumentException e) {
            throw new MalformedCertificateException("not an OpenSSH certificate line (\"<type> <base64> [comment]\"): "
                    + e.getMessage(), e);
        }
        if (key instanceof OpenSshCertificate cert) {
            return cert;
        }
        throw new MalformedCertificateException("not an OpenSSH certificate (got a plain " + key.getAlgorithm()
                + " key); send the -cert.pub file, not the .pub");
    }

    private String sign(OpenSshCertificateWriter.Body body, String comment) {
        if (!(body.subject() instanceof java.security.interfaces.ECPublicKey)) {
            throw new IllegalArgumentException("only ECDSA P-256 keys can be certified, got "
                    + body.subject().getAlgorithm());
        }
        var masked = new OpenSshCertificateWriter.Body(body.type(), body.subject(), body.serial() & Long.MAX_VALUE,
                body.keyId(), body.principals(), body.validAfter(), body.validBefore(), body.extensions());
        return OpenSshCertificateWriter.line(OpenSshCertificateWriter.sign(ca, masked),
                comment.isBlank() ? "cert" : comment.replaceAll("\\s", "_"));
    }
}
