package io.gatehouse.shared.cert;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;

/**
 * Encodes and signs an ecdsa-sha2-nistp256 OpenSSH certificate (PROTOCOL.certkeys). Our own
 * writer instead of MINA's builder because MINA signs through whatever security provider it
 * registered (Bouncy Castle when present), which made each certificate twice as expensive; here
 * the JDK's SunEC always signs.
 */
final class OpenSshCertificateWriter {
    static final String CERT_TYPE = "ecdsa-sha2-nistp256-cert-v01@openssh.com";
    static final String KEY_TYPE = "ecdsa-sha2-nistp256";
    static final int USER = 1;
    static final int HOST = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenSshCertificateWriter() {
    }

    record Body(int type, PublicKey subject, long serial, String keyId, List<String> principals, Instant validAfter,
            Instant validBefore, SortedMap<String, String> extensions) {
    }

    /** @return the certificate blob, ready for base64 in an authorized_keys line */
    static byte[] sign(KeyPair ca, Body body) {
        Buf b = new Buf();
        b.string(CERT_TYPE);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        b.bytes(nonce);
        b.string("nistp256");
        b.bytes(point((ECPublicKey) body.subject()));
        b.u64(body.serial());
        b.u32(body.type());
        b.string(body.keyId());
        Buf principals = new Buf();
        body.principals().forEach(principals::string);
        b.bytes(principals.toBytes());
        b.u64(body.validAfter().getEpochSecond());
        b.u64(body.validBefore().getEpochSecond());
        b.bytes(new byte[0]); // critical options: none (force-command/source-address are not used)
        b.bytes(extensions(body.extensions()));
        b.bytes(new byte[0]); // reserved
        b.bytes(publicKeyBlob((ECPublicKey) ca.getPublic()));
        byte[] signed = b.toBytes();
        b.bytes(signature(ca, signed));
        return b.toBytes();
    }

    static String line(byte[] blob, String comment) {
        return CERT_TYPE + " " + Base64.getEncoder().encodeToString(blob) + " " + comment;
    }

    /** Extension data is itself a string: flags carry an empty one, values a nested string. */
    private static byte[] extensions(SortedMap<String, String> extensions) {
        Buf out = new Buf();
        extensions.forEach((name, value) -> {
            out.string(name);
            if (value.isEmpty()) {
                out.bytes(new byte[0]);
            } else {
                Buf inner = new Buf();
                inner.string(value);
                out.bytes(inner.toBytes());
            }
        });
        return out.toBytes();
    }

    static byte[] publicKeyBlob(ECPublicKey key) {
        Buf b = new Buf();
        b.string(KEY_TYPE);
        b.string("nistp256");
        b.bytes(point(key));
        return b.toBytes();
    }

    private static byte[] point(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4; // uncompressed (SEC1 2.3.3)
        copyFixed(key.getW().getAffineX(), out, 1);
        copyFixed(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copyFixed(BigInteger v, byte[] out, int offset) {
        byte[] raw = v.toByteArray();
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, out, offset + 32 - len, len);
    }

    /** RFC 5656 3.1.2: string "ecdsa-sha2-nistp256", string (mpint r, mpint s). */
    private static byte[] signature(KeyPair ca, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
            s.initSign(ca.getPrivate());
            s.update(data);
            byte[] rs = s.sign();
            Buf inner = new Buf();
            inner.mpint(new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)));
            inner.mpint(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
            Buf sig = new Buf();
            sig.string(KEY_TYPE);
            sig.bytes(inner.toBytes());
            return sig.toBytes();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing with SunEC failed: " + e.getMessage(), e);
        }
    }

    /** SSH wire encoding (RFC 4251 section 5). */
    private static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        void u32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
        }

        void u64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
        }

        void bytes(byte[] b) {
            u32(b.length);
            out.writeBytes(b);
        }

        void string(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void mpint(BigInteger v) {
            bytes(v.signum() == 0 ? new byte[0] : v.toByteArray());
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
