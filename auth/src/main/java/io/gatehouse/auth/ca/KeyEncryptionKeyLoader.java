package io.gatehouse.auth.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the key-encryption key: env GATEHOUSE_KEK first, then the KEK file. Only a brand-new
 * cluster (no CA stored yet) may generate one; otherwise a missing key is an operator error
 * that must stop start-up, because new CAs would silently replace the old trust.
 */
public final class KeyEncryptionKeyLoader {
    public static final String ENV = "GATEHOUSE_KEK";

    private final Optional<String> envValue;
    private final Path file;

    public KeyEncryptionKeyLoader(Optional<String> envValue, Path file) {
        this.envValue = envValue.filter(v -> !v.isBlank());
        this.file = file;
    }

    public Optional<KeyEncryptionKey> load() throws IOException {
        if (envValue.isPresent()) {
            return Optional.of(new KeyEncryptionKey(decode(envValue.get().trim(), "environment variable " + ENV)));
        }
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return Optional.of(new KeyEncryptionKey(decode(text, "file " + file)));
        }
        return Optional.empty();
    }

    /** Creates the KEK file with 0600 permissions before any key byte is written to it. */
    public KeyEncryptionKey generate() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return new KeyEncryptionKey(key);
    }

    public Path file() {
        return file;
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the key-encryption key in " + where + " is not valid base64: "
                    + "it must be base64 of 32 random bytes (e.g. `head -c32 /dev/urandom | base64`)");
        }
    }
}
