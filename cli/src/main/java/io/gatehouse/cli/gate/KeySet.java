package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.UserIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A user's key and certificates in OpenSSH layout, the same files `gatectl auth sign` writes:
 * PREFIX (private key), PREFIX-cert.pub (SSH), PREFIX.crt (X.509), PREFIX.cas (cluster CAs).
 */
record KeySet(Path prefix) {
    Path sshCertificate() {
        return sibling("-cert.pub");
    }

    Path tlsCertificate() {
        return sibling(".crt");
    }

    Path cas() {
        return sibling(".cas");
    }

    private Path sibling(String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    boolean exists() {
        return Files.exists(prefix) && Files.exists(sshCertificate()) && Files.exists(tlsCertificate());
    }

    IdentityFile identity() {
        try {
            String cas = Files.exists(cas()) ? Files.readString(cas()) : "";
            return new IdentityFile(Files.readString(prefix), Files.readString(sshCertificate()).strip(),
                    Files.readString(tlsCertificate()), cas.isBlank() ? List.of() : List.of(cas), List.of());
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the key set " + prefix + " (" + e.getMessage()
                    + "); expected " + prefix + ", " + sshCertificate() + ", " + tlsCertificate() + " and " + cas()
                    + " as written by gatectl auth sign or gate login");
        }
    }

    UserIdentity user() {
        return IdentityCodec.userFromX509(identity().tlsCertificate());
    }

    void write(String privateKeyPem, String sshCertificate, String tlsCertificate, List<String> cas)
            throws IOException {
        GateHome.ensureDir(prefix.getParent());
        Files.deleteIfExists(prefix);
        Files.createFile(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(prefix, privateKeyPem, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(sshCertificate(), sshCertificate.strip() + "\n");
        Files.writeString(tlsCertificate(), tlsCertificate);
        Files.writeString(cas(), String.join("", cas));
    }

    void delete() throws IOException {
        for (Path p : List.of(prefix, sshCertificate(), tlsCertificate(), cas())) {
            Files.deleteIfExists(p);
        }
    }
}
