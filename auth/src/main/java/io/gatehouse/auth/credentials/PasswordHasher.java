package io.gatehouse.auth.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt (cost 11, ~100 ms here): slow on purpose, so run it on a worker thread, never the event loop.
 * A check against an unknown user still costs one hash, so timing does not reveal which names exist.
 */
@ApplicationScoped
public class PasswordHasher {
    static final int COST = 11;
    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 72; // bcrypt ignores bytes past 72: refuse rather than silently truncate
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;
    /** Password checks run since start: what a login flood costs (a rate-limited attempt adds none). */
    private final java.util.concurrent.atomic.LongAdder checks = new java.util.concurrent.atomic.LongAdder();

    public PasswordHasher() {
        this.dummyHash = hash("not-a-real-password-" + random.nextLong());
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
    }

    public boolean matches(String password, String hash) {
        checks.increment();
        if (hash == null) {
            OpenBSDBCrypt.checkPassword(dummyHash, password.toCharArray());
            return false;
        }
        return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    }

    public long checksSoFar() {
        return checks.sum();
    }

    /** @return why the password is unacceptable, or null when it is fine */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "the password must be at least " + MIN_LENGTH + " characters long";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return "the password must be at most " + MAX_LENGTH + " bytes long";
        }
        return null;
    }
}
