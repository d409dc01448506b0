package io.gatehouse.rdp.nla;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The client side of NTLMv2 (MS-NLMP) as CredSSP uses it: a NEGOTIATE message, then, given the
 * server's CHALLENGE, an AUTHENTICATE message and the session keys that seal what follows.
 * Pure: no I/O; the randomness and the clock come in through {@link Entropy} so the 4.2.4
 * example can be reproduced byte for byte. Holds the NTOWFv2 hash, never the password.
 */
final class Ntlm {
    // MS-NLMP 2.2.2.5 NEGOTIATE flags.
    static final int NEGOTIATE_UNICODE = 0x00000001;
    static final int REQUEST_TARGET = 0x00000004;
    static final int NEGOTIATE_SIGN = 0x00000010;
    static final int NEGOTIATE_SEAL = 0x00000020;
    static final int NEGOTIATE_NTLM = 0x00000200;
    static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    static final int NEGOTIATE_VERSION = 0x02000000;
    static final int NEGOTIATE_128 = 0x20000000;
    static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    static final int NEGOTIATE_56 = 0x80000000;

    /** What we ask for: 128-bit sealing with a random session key, as CredSSP requires (0xE2888235). */
    static final int CLIENT_FLAGS = NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_SIGN | NEGOTIATE_SEAL
            | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_TARGET_INFO
            | NEGOTIATE_VERSION | NEGOTIATE_128 | NEGOTIATE_KEY_EXCH | NEGOTIATE_56;
    /** Without these the session cannot seal pubKeyAuth and the credentials the way CredSSP needs. */
    private static final int REQUIRED_FROM_SERVER = NEGOTIATE_UNICODE | NEGOTIATE_SEAL
            | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_128;

    /**
     * 2.2.2.10 VERSION: informational only. We say Windows 6.1 build 7601, NTLM revision 15, as
     * other non-Windows clients do, because servers only log it.
     */
    static final byte[] DEFAULT_VERSION = {6, 1, (byte) 0xB1, 0x1D, 0, 0, 0, 0x0F};

    private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    private static final int AUTHENTICATE_HEADER = 64;
    private static final int MIC_OFFSET = 72;

    /** The values NTLM draws at random or from the clock; fixed only in the spec-vector tests. */
    record Entropy(byte[] clientChallenge, byte[] randomSessionKey, long fileTime) {
        static Entropy random(SecureRandom random) {
            byte[] challenge = new byte[8];
            byte[] key = new byte[16];
            random.nextBytes(challenge);
            random.nextBytes(key);
            return new Entropy(challenge, key, fileTime(Instant.now()));
        }

        /** FILETIME: 100 ns ticks since 1601-01-01 UTC. */
        static long fileTime(Instant instant) {
            return (instant.getEpochSecond() + 11_644_473_600L) * 10_000_000L + instant.getNano() / 100;
        }
    }

    /** The AUTHENTICATE message and the keys that seal the rest of the CredSSP exchange. */
    record Authenticated(byte[] message, byte[] exportedSessionKey, int flags) {
        NtlmSealing sealing() {
            return NtlmSealing.forClient(exportedSessionKey, (flags & NEGOTIATE_KEY_EXCH) != 0);
        }
    }

    private final String domain;
    private final String user;
    private final String workstation;
    private final byte[] responseKey;
    private final byte[] version;
    private final Entropy entropy;
    private byte[] negotiateMessage;

    Ntlm(String domain, String user, String password, String workstation, byte[] version, Entropy entropy) {
        this.domain = domain;
        this.user = user;
        this.workstation = workstation;
        this.responseKey = NtlmCrypto.ntowfV2(password, user, domain);
        this.version = version.clone();
        this.entropy = entropy;
    }

    /** 2.2.1.1 NEGOTIATE_MESSAGE without domain or workstation (they are optional hints). */
    byte[] negotiate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(40);
        out.writeBytes(SIGNATURE);
        out.writeBytes(NtlmSealing.le32(1));
        out.writeBytes(NtlmSealing.le32(CLIENT_FLAGS));
        out.writeBytes(new byte[16]); // DomainNameFields, WorkstationFields: empty
        out.writeBytes(version);
        negotiateMessage = out.toByteArray();
        return negotiateMessage.clone();
    }

    /** 3.1.5.1.2: answers the server's CHALLENGE_MESSAGE with an AUTHENTICATE_MESSAGE. */
    Authenticated authenticate(byte[] challengeMessage) throws IOException {
        if (negotiateMessage == null) {
            throw new IllegalStateException("negotiate() must come before authenticate()");
        }
        NtlmChallenge challenge = NtlmChallenge.parse(challengeMessage);
        if ((challenge.flags() & REQUIRED_FROM_SERVER) != REQUIRED_FROM_SERVER) {
            throw new IOException("the server's NTLM CHALLENGE does not offer 128-bit extended session security"
                    + " with sealing (flags 0x" + Integer.toHexString(challenge.flags()) + "), which CredSSP needs");
        }
        if (!challenge.hasNetBiosNames()) {
            // 3.1.5.1.2: with integrity or confidentiality the client MUST refuse such a challenge.
            throw new IOException("the server's NTLM CHALLENGE lacks its NetBIOS computer and domain names,"
                    + " which MS-NLMP 3.1.5.1.2 requires before sealing");
        }
        int flags = CLIENT_FLAGS & (challenge.flags() | REQUEST_TARGET | NEGOTIATE_NTLM);
        // With a server timestamp the client uses that time, sends a MIC and no LMv2 response (3.1.5.1.2).
        boolean withMic = challenge.timestamp().isPresent();
        long time = challenge.timestamp().orElse(entropy.fileTime());
        byte[] temp = temp(time, entropy.clientChallenge(), challenge.targetInfoForResponse(withMic));
        byte[] proof = ntProof(responseKey, challenge.serverChallenge(), temp);
        byte[] lmResponse = withMic ? new byte[24]
                : lmV2Response(responseKey, challenge.serverChallenge(), entropy.clientChallenge());
        byte[] sessionBaseKey = NtlmCrypto.hmacMd5(responseKey, proof);
        // NTLMv2: KeyExchangeKey = SessionBaseKey (3.4.5.1).
        byte[] exported = sessionBaseKey;
        byte[] encryptedKey = new byte[0];
        if ((flags & NEGOTIATE_KEY_EXCH) != 0) {
            exported = entropy.randomSessionKey().clone();
            encryptedKey = NtlmCrypto.rc4(NtlmCrypto.rc4(sessionBaseKey), exported);
        }
        byte[] message = authenticateMessage(flags, lmResponse, Der.concat(proof, temp), encryptedKey, withMic);
        if (withMic) {
            byte[] mic = NtlmCrypto.hmacMd5(exported, negotiateMessage, challenge.raw(), message);
            System.arraycopy(mic, 0, message, MIC_OFFSET, 16);
        }
        return new Authenticated(message, exported, flags);
    }

    /** 2.2.1.3 AUTHENTICATE_MESSAGE; payload in the order of the spec's own example (4.2.4.3). */
    private byte[] authenticateMessage(int flags, byte[] lm, byte[] nt, byte[] key, boolean withMic) {
        byte[][] payload = {utf16(domain), utf16(user), utf16(workstation), lm, nt, key};
        int headerLength = AUTHENTICATE_HEADER + version.length + (withMic ? 16 : 0);
        int[] offsets = new int[payload.length];
        int offset = headerLength;
        for (int i = 0; i < payload.length; i++) {
            offsets[i] = offset;
            offset += payload[i].length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(offset);
        out.writeBytes(SIGNATURE);
        out.writeBytes(NtlmSealing.le32(3));
        for (int i : new int[] {3, 4, 0, 1, 2, 5}) { // field order: Lm, Nt, Domain, User, Workstation, Key
            writeField(out, payload[i].length, offsets[i]);
        }
        out.writeBytes(NtlmSealing.le32(flags));
        out.writeBytes(version);
        if (withMic) {
            out.writeBytes(new byte[16]); // zero while the MIC is computed over the message
        }
        for (byte[] part : payload) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, int length, int offset) {
        out.write(length);
        out.write(length >>> 8);
        out.write(length);
        out.write(length >>> 8);
        out.writeBytes(NtlmSealing.le32(offset));
    }

    /** 3.3.2 temp: RespType 1, HiRespType 1, Z(6), Time, ClientChallenge, Z(4), AV pairs, Z(4). */
    static byte[] temp(long fileTime, byte[] clientChallenge, byte[] targetInfo) {
        return Der.concat(new byte[] {1, 1, 0, 0, 0, 0, 0, 0}, le64(fileTime), clientChallenge, new byte[4],
                targetInfo, new byte[4]);
    }

    /** 3.3.2 NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge + temp). */
    static byte[] ntProof(byte[] responseKey, byte[] serverChallenge, byte[] temp) {
        return NtlmCrypto.hmacMd5(responseKey, serverChallenge, temp);
    }

    /** 3.3.2 LmChallengeResponse = HMAC_MD5(ResponseKeyLM, ServerChallenge + ClientChallenge) + ClientChallenge. */
    static byte[] lmV2Response(byte[] responseKey, byte[] serverChallenge, byte[] clientChallenge) {
        return Der.concat(NtlmCrypto.hmacMd5(responseKey, serverChallenge, clientChallenge), clientChallenge);
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static int le32(byte[] b, int at) {
        return le16(b, at) | le16(b, at + 2) << 16;
    }

    static long le64(byte[] b, int at) {
        return (le32(b, at) & 0xFFFFFFFFL) | (long) le32(b, at + 4) << 32;
    }

    static byte[] le64(long value) {
        return Der.concat(NtlmSealing.le32((int) value), NtlmSealing.le32((int) (value >>> 32)));
    }
}
