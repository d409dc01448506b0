package io.gatehouse.auth.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The first admin's one-time signup link, handed over through a file only the auth service's
 * user can read (beside admin.identity, which is worth more) — never through the log, which ends
 * up in files, journald and log shippers where anyone reading logs could sign up as admin.
 * deploy/quickstart.sh prints it to the terminal once and deletes the file.
 */
final class AdminSignupLink {
    static final String FILE = "admin-signup-link";

    private AdminSignupLink() {
    }

    static Path write(Path dataDir, String link) throws IOException {
        Path file = dataDir.resolve(FILE);
        Path tmp = Files.createTempFile(dataDir, ".signup", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, link + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** Once the admin has a password, an old link is useless: do not leave it lying around. */
    static void remove(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE));
    }
}
