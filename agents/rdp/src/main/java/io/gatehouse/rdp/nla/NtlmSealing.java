package io.gatehouse.rdp.nla;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.RC4Engine;

/**
 * NTLM message confidentiality and integrity after authentication (MS-NLMP 3.4.3 SEAL and 3.4.4.2
 * MAC with extended session security). Each direction has its own signing key, its own RC4 state
 * that runs on across messages, and its own sequence number; mixing them up is the classic bug,
 * so the client and server views are built by the factories below and never swapped.
 * <p>CredSSP carries a sealed message as the 16-byte signature followed by the ciphertext.
 */
final class NtlmSealing {
    static final int SIGNATURE_LENGTH = 16;

    private final byte[] outSignKey;
    private final RC4Engine outHandle;
    private final boolean keyExchange;
    private int outSeq;
    private final byte[] inSignKey;
    private final RC4Engine inHandle;
    private int inSeq;

    private NtlmSealing(byte[] exportedSessionKey, boolean keyExchange, boolean weAreClient) {
        this.keyExchange = keyExchange;
        this.outSignKey = NtlmCrypto.signKey(exportedSessionKey, weAreClient);
        this.outHandle = NtlmCrypto.rc4(NtlmCrypto.sealKey(exportedSessionKey, weAreClient));
        this.inSignKey = NtlmCrypto.signKey(exportedSessionKey, !weAreClient);
        this.inHandle = NtlmCrypto.rc4(NtlmCrypto.sealKey(exportedSessionKey, !weAreClient));
    }

    static NtlmSealing forClient(byte[] exportedSessionKey, boolean keyExchange) {
        return new NtlmSealing(exportedSessionKey, keyExchange, true);
    }

    /** The server's view; used by the test peer, and symmetrical by construction. */
    static NtlmSealing forServer(byte[] exportedSessionKey, boolean keyExchange) {
        return new NtlmSealing(exportedSessionKey, keyExchange, false);
    }

    /** Encrypts and signs the next outgoing message: signature (16 bytes) then ciphertext. */
    byte[] seal(byte[] plaintext) {
        // 3.4.3: the message is encrypted first; the checksum then takes the next RC4 bytes.
        byte[] ciphertext = NtlmCrypto.rc4(outHandle, plaintext);
        byte[] signature = signature(outSignKey, outHandle, outSeq, plaintext);
        outSeq++;
        return Der.concat(signature, ciphertext);
    }

    /** Decrypts the next incoming message and checks its signature and sequence number. */
    byte[] unseal(byte[] sealed) throws MalformedMessageException {
        if (sealed.length < SIGNATURE_LENGTH) {
            throw new MalformedMessageException("a sealed message of " + sealed.length
                    + " bytes is shorter than its 16-byte NTLM signature");
        }
        byte[] received = Arrays.copyOfRange(sealed, 0, SIGNATURE_LENGTH);
        byte[] plaintext = NtlmCrypto.rc4(inHandle, Arrays.copyOfRange(sealed, SIGNATURE_LENGTH, sealed.length));
        byte[] expected = signature(inSignKey, inHandle, inSeq, plaintext);
        inSeq++;
        if (!MessageDigest.isEqual(expected, received)) {
            throw new MalformedMessageException("the NTLM signature of a sealed message does not verify"
                    + " (wrong session key, or the message was altered)");
        }
        return plaintext;
    }

    /** 2.2.2.9.1 NTLMSSP_MESSAGE_SIGNATURE: Version 1, Checksum (8), SeqNum (4), little-endian. */
    private byte[] signature(byte[] signKey, RC4Engine handle, int seq, byte[] message) {
        byte[] seqBytes = le32(seq);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(signKey, seqBytes, message), 8);
        if (keyExchange) {
            checksum = NtlmCrypto.rc4(handle, checksum);
        }
        return Der.concat(le32(1), checksum, seqBytes);
    }

    static byte[] le32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }
}
