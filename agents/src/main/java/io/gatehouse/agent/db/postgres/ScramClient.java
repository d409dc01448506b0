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
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 as a client (RFC 5802, RFC 7677), without channel binding ("n,,"), as libpq does
 * when it is not offered SCRAM-SHA-256-PLUS. PostgreSQL ignores the user name in the exchange (it
 * has it from the startup message), so it is sent empty. The server's signature is checked: a
 * server that does not know the password cannot pass for the database.
 */
final class ScramClient {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final String user;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverSignature;

    ScramClient() {
        byte[] nonce = new byte[18];
        new SecureRandom().nextBytes(nonce);
        this.user = "";
        this.clientNonce = B64.encodeToString(nonce);
    }

    /** With a fixed user name and nonce: RFC 7677's test vector. */
    ScramClient(String user, String clientNonce) {
        this.user = user;
        this.clientNonce = clientNonce;
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
            byte[] salted = saltedPassword(password, salt, iterations);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.UTF_8));
            serverSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            Arrays.fill(salted, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
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
