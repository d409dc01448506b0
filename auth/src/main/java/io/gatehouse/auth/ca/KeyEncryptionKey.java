package io.gatehouse.auth.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts CA private keys and TOTP secrets at rest (AES-256-GCM). It lives with
 * the auth process (file or env), never in the database, so a database dump alone reveals no key.
 * The associated data binds each ciphertext to its purpose, so one blob cannot be swapped for another.
 */
public final class KeyEncryptionKey {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String id;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryptionKey(byte[] keyBytes) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes (base64 of 32 random bytes), got "
                    + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes.clone(), "AES");
        this.id = fingerprint(keyBytes);
    }

    /** A public handle of the key, stored beside each ciphertext to explain a mismatch. */
    public String id() {
        return id;
    }

    public byte[] encrypt(byte[] plaintext, String purpose) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws GeneralSecurityException when the blob was sealed by another key or tampered with */
    public byte[] decrypt(byte[] blob, String purpose) throws GeneralSecurityException {
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("encrypted blob too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
        cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
    }

    private static String fingerprint(byte[] keyBytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("gatehouse-kek-id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(keyBytes), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[id=" + id + "]";
    }
}
