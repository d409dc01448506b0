package io.gatehouse.rdp.nla;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The NTLMv2 cryptographic functions of MS-NLMP 3.3.2 and 3.4.5, each a pure function of its
 * inputs so the 4.2.4 known-answer vectors can check them one by one.
 */
final class NtlmCrypto {
    private NtlmCrypto() {
    }

    /** MS-NLMP 3.3.2 NTOWFv2: HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(Uppercase(User) + UserDom)). */
    static byte[] ntowfV2(String password, String user, String domain) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_16LE);
        byte[] ntHash = md4(passwordBytes);
        Arrays.fill(passwordBytes, (byte) 0); // best effort: the String itself is the caller's
        // Only the user name is upper-cased; the domain keeps its case (spec pseudocode).
        byte[] identity = (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE);
        return hmacMd5(ntHash, identity);
    }

    static byte[] md4(byte[] data) {
        MD4Digest digest = new MD4Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    static byte[] md5(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    static byte[] hmacMd5(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacMD5", e);
        }
    }

    /** A fresh RC4 keystream (MS-NLMP 6 RC4Init); one instance per direction keeps its state. */
    static RC4Engine rc4(byte[] key) {
        RC4Engine engine = new RC4Engine();
        engine.init(true, new KeyParameter(key));
        return engine;
    }

    static byte[] rc4(RC4Engine engine, byte[] data) {
        byte[] out = new byte[data.length];
        engine.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    /** MS-NLMP 3.4.5.2 SIGNKEY with extended session security; the constant includes its NUL. */
    static byte[] signKey(byte[] exportedSessionKey, boolean clientToServer) {
        String direction = clientToServer ? "client-to-server" : "server-to-client";
        return md5(exportedSessionKey, magic("session key to " + direction + " signing key magic constant"));
    }

    /** MS-NLMP 3.4.5.3 SEALKEY for 128-bit keys (the only strength we accept). */
    static byte[] sealKey(byte[] exportedSessionKey, boolean clientToServer) {
        String direction = clientToServer ? "client-to-server" : "server-to-client";
        return md5(exportedSessionKey, magic("session key to " + direction + " sealing key magic constant"));
    }

    private static byte[] magic(String constant) {
        return (constant + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
