package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.cert.IdentityFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what `auth sign` produced: OpenSSH layout (PREFIX key, PREFIX.pub, PREFIX-cert.pub,
 * PREFIX.crt, PREFIX.cas) or one identity file. Private keys are 0600 from the moment they exist.
 */
final class SignedFiles {
    private final Path prefix;
    private final boolean overwrite;
    private final List<Path> written = new ArrayList<>();

    SignedFiles(Path prefix, boolean overwrite) {
        this.prefix = prefix;
        this.overwrite = overwrite;
    }

    List<Path> written() {
        return written;
    }

    void checkFree(String format) {
        for (Path p : paths(format)) {
            if (Files.exists(p) && !overwrite) {
                throw new CliException(ExitCodes.CONFLICT, p + " already exists; pass --overwrite to replace it");
            }
        }
    }

    void write(String format, IdentityFile id, String publicKeyLine) throws IOException {
        switch (format) {
            case "identity" -> {
                id.writeTo(prefix);
                written.add(prefix);
            }
            case "openssh" -> {
                secret(prefix, id.privateKeyPem());
                plain(sibling(".pub"), publicKeyLine + "\n");
                plain(sibling("-cert.pub"), id.sshCertificate() + "\n");
                plain(sibling(".crt"), id.tlsCertificatePem());
                plain(sibling(".cas"), String.join("", id.trustedTlsCaPems()));
            }
            default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': openssh or identity");
        }
    }

    private List<Path> paths(String format) {
        return format.equals("identity") ? List.of(prefix) : List.of(prefix, sibling(".pub"), sibling("-cert.pub"),
                sibling(".crt"), sibling(".cas"));
    }

    private Path sibling(String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }

    private void secret(Path p, String content) throws IOException {
        Files.deleteIfExists(p);
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, content, StandardOpenOption.TRUNCATE_EXISTING);
        written.add(p);
    }

    private void plain(Path p, String content) throws IOException {
        Files.writeString(p, content);
        written.add(p);
    }
}
