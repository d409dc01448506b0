package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The server's License Request (MS-RDPELE 2.2.2.1) and the client's answer, a New License Request
 * (2.2.2.2). xrdp always starts licensing this way and answers any client licensing PDU with
 * STATUS_VALID_CLIENT; Windows without RDS licensing does the same. The pre-master secret is
 * encrypted with the server's proprietary RSA key when it sends one (2.2.1.4.3.1.1.1), as the
 * specification asks; a server that goes on to a platform challenge is not supported.
 */
public final class LicenseRequest {
    private static final int NEW_LICENSE_REQUEST = 0x13;
    private static final int PREAMBLE_VERSION_3_0 = 0x03;
    private static final int KEY_EXCHANGE_ALG_RSA = 1;
    private static final int PLATFORM_WINNT_MICROSOFT = 0x04010000;
    private static final int BB_RANDOM_BLOB = 0x0002;
    private static final int BB_CLIENT_USER_NAME_BLOB = 0x000F;
    private static final int BB_CLIENT_MACHINE_NAME_BLOB = 0x0010;
    private static final int CERT_CHAIN_VERSION_1 = 1;
    private static final int RSA1_MAGIC = 0x31415352;

    /** The server's RSA public key (little-endian modulus as sent, exponent), or null if it sent none usable. */
    record RsaKey(BigInteger modulus, BigInteger exponent, int keyLength) {
    }

    private LicenseRequest() {
    }

    /** Parses a License Request body (after the preamble) far enough to find the server's proprietary key. */
    static RsaKey parse(ByteReader r) throws RdpProtocolException {
        r.skip(32, "ServerRandom");
        r.u32le("ProductInfo.dwVersion");
        r.skip(r.i32le("cbCompanyName"), "pbCompanyName");
        r.skip(r.i32le("cbProductId"), "pbProductId");
        r.u16le("KeyExchangeList.wBlobType");
        r.skip(r.u16le("KeyExchangeList.wBlobLen"), "KeyExchangeList");
        r.u16le("ServerCertificate.wBlobType");
        ByteReader cert = r.slice(r.u16le("ServerCertificate.wBlobLen"), "ServerCertificate");
        if (cert.remaining() < 4 || (cert.u32le("dwVersion") & 0x7FFFFFFFL) != CERT_CHAIN_VERSION_1) {
            return null; // absent or an X.509 chain: the answer goes without an encrypted secret
        }
        cert.skip(8, "dwSigAlgId, dwKeyAlgId");
        cert.u16le("wPublicKeyBlobType");
        ByteReader key = cert.slice(cert.u16le("wPublicKeyBlobLen"), "PublicKeyBlob");
        key.expect((int) key.u32le("magic"), RSA1_MAGIC, "magic (RSA1)");
        int keyLen = key.i32le("keylen");
        key.u32le("bitlen");
        key.u32le("datalen");
        BigInteger exponent = BigInteger.valueOf(key.u32le("pubExp"));
        if (keyLen < 16 || keyLen > 1024) {
            throw key.error("keylen " + keyLen + " is not a plausible RSA key size");
        }
        BigInteger modulus = new BigInteger(1, reverse(key.bytes(keyLen, "modulus")));
        return new RsaKey(modulus, exponent, keyLen);
    }

    /** The New License Request PDU with its basic security header. */
    static byte[] newLicenseRequest(RsaKey key, String user, String machine, SecureRandom random) {
        byte[] clientRandom = new byte[32];
        random.nextBytes(clientRandom);
        byte[] secret = encryptedPreMasterSecret(key, random);
        byte[] userName = ansiz(user);
        byte[] machineName = ansiz(machine);
        ByteWriter body = new ByteWriter(128 + secret.length);
        body.u32le(KEY_EXCHANGE_ALG_RSA).u32le(PLATFORM_WINNT_MICROSOFT).bytes(clientRandom);
        body.u16le(BB_RANDOM_BLOB).u16le(secret.length).bytes(secret);
        body.u16le(BB_CLIENT_USER_NAME_BLOB).u16le(userName.length).bytes(userName);
        body.u16le(BB_CLIENT_MACHINE_NAME_BLOB).u16le(machineName.length).bytes(machineName);
        ByteWriter w = new ByteWriter(body.length() + 8);
        w.u16le(Licensing.SEC_LICENSE_PKT).u16le(0);
        w.u8(NEW_LICENSE_REQUEST).u8(PREAMBLE_VERSION_3_0).u16le(body.length() + 4).bytes(body.toByteArray());
        return w.toByteArray();
    }

    /** 48 random bytes, RSA-encrypted little-endian with 8 bytes of zero padding (MS-RDPBCGR 5.3.4.1). */
    private static byte[] encryptedPreMasterSecret(RsaKey key, SecureRandom random) {
        byte[] secret = new byte[48];
        random.nextBytes(secret);
        if (key == null) {
            return new byte[0];
        }
        byte[] c = key.modulus().signum() == 0 ? new byte[0]
                : reverse(new BigInteger(1, reverse(secret)).modPow(key.exponent(), key.modulus()).toByteArray());
        byte[] out = new byte[key.keyLength()];
        System.arraycopy(c, 0, out, 0, Math.min(c.length, out.length - 8));
        return out;
    }

    private static byte[] ansiz(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
