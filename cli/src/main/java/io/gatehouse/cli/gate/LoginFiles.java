package io.gatehouse.cli.gate;

import io.gatehouse.shared.cert.IdentityFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one routed login (a database's, an app's), beside the user's key set, in the forms
 * clients read: NAME.key (the login's private key, PEM, 0600), NAME.crt (the routed X.509
 * certificate), NAME.cas (the cluster CAs that verify the proxy). Shared by DbCertFiles and
 * AppCertFiles; what a certificate leads to is read from the certificate itself, never a side file.
 */
final class LoginFiles {
    /** Names that are safe as file names and in a shell command line; the resource names gate accepts. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private LoginFiles() {
    }

    static Path key(Path dir, String name) {
        return dir.resolve(name + ".key");
    }

    static Path certificate(Path dir, String name) {
        return dir.resolve(name + ".crt");
    }

    static Path ca(Path dir, String name) {
        return dir.resolve(name + ".cas");
    }

    static boolean exists(Path dir, String name) {
        return Files.exists(key(dir, name)) && Files.exists(certificate(dir, name)) && Files.exists(ca(dir, name));
    }

    /** The key first and private from its creation, the certificate last: exists() means a whole set. */
    static void write(Path dir, String name, String privateKeyPem, String certificatePem, List<String> cas)
            throws IOException {
        GateHome.ensureDir(dir);
        writePrivate(key(dir, name), privateKeyPem);
        Files.writeString(ca(dir, name), String.join("", cas.stream().map(c -> c.strip() + "\n").toList()));
        Path tmp = Files.createTempFile(dir, ".crt", ".tmp");
        Files.writeString(tmp, certificatePem.strip() + "\n");
        Files.move(tmp, certificate(dir, name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, pem.strip() + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void delete(Path dir, String name) throws IOException {
        for (Path p : List.of(certificate(dir, name), key(dir, name), ca(dir, name))) {
            Files.deleteIfExists(p);
        }
    }

    /** Key, certificate and CAs as one identity, for gate's own TLS to the proxy. */
    static IdentityFile tlsIdentity(Path dir, String name) throws IOException {
        String cas = Files.readString(ca(dir, name));
        return new IdentityFile(Files.readString(key(dir, name)), "", Files.readString(certificate(dir, name)),
                cas.isBlank() ? List.of() : List.of(cas), List.of());
    }

    /** The logins stored under {@code dir}, by name. */
    static List<String> stored(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crt"))
                    .map(n -> n.substring(0, n.length() - ".crt".length())).filter(n -> NAME.matcher(n).matches())
                    .sorted().forEach(out::add);
        }
        return out;
    }

    /**
     * gate db logout / gate apps logout: the files of the login {@code name} under {@code dir}, or of
     * every login there when {@code name} is null; {@code what} ("database", "app") names the kind
     * in what it prints.
     */
    static void logout(Path dir, String name, String what) throws IOException {
        List<String> names = name != null ? List.of(name) : stored(dir);
        if (name != null && !exists(dir, name)) {
            throw new io.gatehouse.cli.apiclient.CliException(io.gatehouse.cli.apiclient.ExitCodes.NOT_FOUND, "not logged in to " + what
                    + " '" + name + "'");
        }
        for (String n : names) {
            delete(dir, n);
            System.out.println("Logged out of " + what + " '" + n + "'.");
        }
        if (names.isEmpty()) {
            System.out.println("No " + what + " logins.");
        }
    }
}
