package io.gatehouse.agent.db.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 as a client (RFC 5802, RFC 7677), without channel binding ("n,,"), as libpq does
 * when it is not offered SCRAM-SHA-256-PLUS. PostgreSQL ignores the user name in the exchange (it
 * has it from the startup message), so it is sent empty. The server's signature is checked: a
 * server that does not know the password cannot pass for the database. The keys derived from the
 * password come from a {@link KeyCache} when one is given (RFC 5802 section 5.1).
 */
final class ScramClient {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String clientNonce;
    private final KeyCache.Slot keys;
    private String clientFirstBare;
    private byte[] serverSignature;

    /** A login whose derived keys are kept in {@code keys} (one slot per database). */
    ScramClient(KeyCache.Slot keys) {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        this.user = "";
        this.clientNonce = B64.encodeToString(nonce);
        this.keys = keys;
    }

    /** With a fixed user name and nonce, deriving the keys every time: RFC 7677's test vector. */
    ScramClient(String user, String clientNonce) {
        this(user, clientNonce, new KeyCache().slot(""));
    }

    ScramClient(String user, String clientNonce, KeyCache.Slot keys) {
        this.user = user;
        this.clientNonce = clientNonce;
        this.keys = keys;
    }

    byte[] clientFirst() {
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** The client-final message for the server-first {@code serverFirst}; {@code password} is not kept. */
    byte[] clientFinal(byte[] serverFirst, char[] password) throws IOException {
        String first = new String(serverFirst, StandardCharsets.UTF_8);
        String nonce = attribute(first, 'r');
        byte[] salt;
        int iterations;
        try {
            salt = B64D.decode(attribute(first, 's'));
            iterations = Integer.parseInt(attribute(first, 'i'));
        } catch (IllegalArgumentException e) {
            throw new IOException("the database's SCRAM challenge is malformed");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new IOException("the database's SCRAM nonce does not extend the agent's");
        }
        if (iterations < 1 || iterations > 10_000_000) {
            throw new IOException("the database asks for " + iterations + " SCRAM iterations");
        }
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + first + "," + withoutProof;
        try {
            Keys derived = keys.get(password, salt, iterations);
            byte[] clientKey = derived.clientKey();
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            serverSignature = hmac(derived.serverKey(), authMessage.getBytes(StandardCharsets.UTF_8));
            derived.clear();
            return (withoutProof + ",p=" + B64.encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IOException("SCRAM-SHA-256 is not available: " + e.getMessage(), e);
        }
    }

    /** Checks the server-final message: the server proved it knows the password's keys. */
    void verifyServerFinal(byte[] serverFinal) throws IOException {
        String text = new String(serverFinal, StandardCharsets.UTF_8);
        if (text.startsWith("e=")) {
            throw new IOException("the database ended SCRAM with an error: " + text.substring(2));
        }
        byte[] v;
        try {
            v = B64D.decode(attribute(text, 'v'));
        } catch (IllegalArgumentException e) {
            throw new IOException("the database's SCRAM signature is malformed");
        }
        if (serverSignature == null || !MessageDigest.isEqual(v, serverSignature)) {
            throw new IOException("the database's SCRAM signature is wrong: it does not know this password");
        }
    }

    /** ClientKey and ServerKey (RFC 5802 section 3): all a login needs from the password. */
    record Keys(byte[] clientKey, byte[] serverKey) {
        static Keys derive(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
            byte[] salted = saltedPassword(password, salt, iterations);
            try {
                return new Keys(hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8)), hmac(salted,
                        "Server Key".getBytes(StandardCharsets.UTF_8)));
            } finally {
                Arrays.fill(salted, (byte) 0);
            }
        }

        Keys copy() {
            return new Keys(clientKey.clone(), serverKey.clone());
        }

        void clear() {
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
        }
    }

    /**
     * The keys of the last login to each database, kept in memory for the next (RFC 5802 section
     * 5.1 lets a client cache ClientKey and ServerKey for a password, salt and iteration count):
     * PBKDF2's 4096 rounds were the largest CPU cost of a login through the agent. A slot is
     * reused only for the same password, salt and iteration count, so a changed password file or a
     * server whose password was reset (a new salt) derives again. The slot recognises them by an
     * HMAC under a key random to this process: no password, nor anything to test a guess against
     * outside it, is kept. Never written anywhere, never logged.
     */
    static final class KeyCache {
        private record Entry(byte[] fingerprint, Keys keys) {
        }

        /** How keys are derived from a password (PBKDF2; tests count the derivations). */
        @FunctionalInterface
        interface Derivation {
            Keys derive(char[] password, byte[] salt, int iterations) throws GeneralSecurityException;
        }

        private final Derivation derivation;
        private final SecretKeySpec fingerprintKey;
        private final Map<String, Entry> slots = new ConcurrentHashMap<>();

        KeyCache() {
            this(Keys::derive);
        }

        KeyCache(Derivation derivation) {
            this.derivation = derivation;
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            fingerprintKey = new SecretKeySpec(k, "HmacSHA256");
            Arrays.fill(k, (byte) 0);
        }

        /** The slot of one database (its name): one password login per database configuration. */
        Slot slot(String database) {
            return new Slot(this, database);
        }

        /** One database's keys. */
        record Slot(KeyCache cache, String database) {
            /** The keys for this password, salt and count: the last ones if those match. The caller clears them. */
            Keys get(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
                byte[] fingerprint = cache.fingerprint(password, salt, iterations);
                Entry last = cache.slots.get(database);
                if (last != null && MessageDigest.isEqual(last.fingerprint(), fingerprint)) {
                    return last.keys().copy();
                }
                Keys fresh = cache.derivation.derive(password, salt, iterations);
                cache.slots.put(database, new Entry(fingerprint, fresh.copy()));
                return fresh;
            }
        }

        private byte[] fingerprint(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            byte[] pw = utf8(password);
            try {
                // Lengths first: no other password and salt can run together into the same bytes.
                mac.update(ByteBuffer.allocate(12).putInt(pw.length).putInt(salt.length).putInt(iterations).array());
                mac.update(pw);
            } finally {
                Arrays.fill(pw, (byte) 0);
            }
            mac.update(salt);
            return mac.doFinal();
        }
    }

    private static byte[] saltedPassword(char[] password, byte[] salt, int iterations)
            throws GeneralSecurityException {
        // Hi() is PBKDF2 with HMAC-SHA-256 over the UTF-8 password (SASLprep is the identity for ASCII).
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static String attribute(String message, char name) throws IOException {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new IOException("the database's SCRAM message has no '" + name + "' attribute");
    }

    /** UTF-8 of {@code chars} (the caller clears it). */
    static byte[] utf8(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        Arrays.fill(b.array(), (byte) 0);
        return out;
    }
}
