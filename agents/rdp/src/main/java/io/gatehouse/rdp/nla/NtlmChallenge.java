package io.gatehouse.rdp.nla;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * MS-NLMP 2.2.1.2 CHALLENGE_MESSAGE as the client needs it: flags, the server challenge, and the
 * target information (2.2.2.1 AV_PAIR list) that NTLMv2 echoes back inside its response.
 * {@code raw} is kept byte for byte because the MIC is computed over it.
 */
record NtlmChallenge(int flags, byte[] serverChallenge, List<AvPair> targetInfo, byte[] raw) {
    static final int MSV_AV_EOL = 0;
    static final int MSV_AV_NB_COMPUTER_NAME = 1;
    static final int MSV_AV_NB_DOMAIN_NAME = 2;
    static final int MSV_AV_FLAGS = 6;
    static final int MSV_AV_TIMESTAMP = 7;
    /** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
    static final int AV_FLAG_MIC_PRESENT = 0x2;

    private static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    /** Through TargetInfoFields; the Version field after it is optional and unused. */
    private static final int MIN_LENGTH = 48;

    record AvPair(int id, byte[] value) {
    }

    /** The server's MsvAvTimestamp (FILETIME), which 3.1.5.1.2 says to use as the response time. */
    OptionalLong timestamp() {
        for (AvPair pair : targetInfo) {
            if (pair.id() == MSV_AV_TIMESTAMP && pair.value().length == 8) {
                return OptionalLong.of(Ntlm.le64(pair.value(), 0));
            }
        }
        return OptionalLong.empty();
    }

    boolean hasNetBiosNames() {
        return targetInfo.stream().anyMatch(p -> p.id() == MSV_AV_NB_COMPUTER_NAME)
                && targetInfo.stream().anyMatch(p -> p.id() == MSV_AV_NB_DOMAIN_NAME);
    }

    static NtlmChallenge parse(byte[] message) throws MalformedMessageException {
        if (message.length < MIN_LENGTH) {
            throw new MalformedMessageException("the NTLM CHALLENGE message is " + message.length
                    + " bytes, shorter than its " + MIN_LENGTH + "-byte header");
        }
        if (!Arrays.equals(message, 0, 8, SIGNATURE, 0, 8)) {
            throw new MalformedMessageException("the NTLM message does not start with \"NTLMSSP\\0\"");
        }
        int type = Ntlm.le32(message, 8);
        if (type != 2) {
            throw new MalformedMessageException("expected an NTLM CHALLENGE message (type 2), got type " + type);
        }
        int flags = Ntlm.le32(message, 20);
        byte[] serverChallenge = Arrays.copyOfRange(message, 24, 32);
        byte[] targetInfo = field(message, 40, "TargetInfo");
        return new NtlmChallenge(flags, serverChallenge, parseAvPairs(targetInfo), message.clone());
    }

    /** A 2.2.2.10-style field descriptor (Len, MaxLen, BufferOffset), checked against the message. */
    private static byte[] field(byte[] message, int at, String name) throws MalformedMessageException {
        int length = Ntlm.le16(message, at);
        long offset = Ntlm.le32(message, at + 4) & 0xFFFFFFFFL;
        if (offset + length > message.length) {
            throw new MalformedMessageException("the NTLM CHALLENGE " + name + " field (" + length + " bytes at "
                    + offset + ") runs past the end of the " + message.length + "-byte message");
        }
        return Arrays.copyOfRange(message, (int) offset, (int) offset + length);
    }

    /** 2.2.2.1: AvId (2), AvLen (2), Value; the list must end with MsvAvEOL. */
    static List<AvPair> parseAvPairs(byte[] info) throws MalformedMessageException {
        List<AvPair> pairs = new ArrayList<>();
        int pos = 0;
        while (true) {
            if (pos + 4 > info.length) {
                throw new MalformedMessageException("the NTLM target information ends without MsvAvEOL");
            }
            int id = Ntlm.le16(info, pos);
            int length = Ntlm.le16(info, pos + 2);
            pos += 4;
            if (id == MSV_AV_EOL) {
                return pairs;
            }
            if (pos + length > info.length) {
                throw new MalformedMessageException("the NTLM target information pair " + id + " claims "
                        + length + " bytes but only " + (info.length - pos) + " remain");
            }
            pairs.add(new AvPair(id, Arrays.copyOfRange(info, pos, pos + length)));
            pos += length;
        }
    }

    /**
     * The target information the client sends back inside NTLMv2_CLIENT_CHALLENGE: the server's
     * pairs, with MsvAvFlags saying a MIC is present when {@code withMic} (3.1.5.1.2), and EOL.
     */
    byte[] targetInfoForResponse(boolean withMic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean flagsWritten = false;
        for (AvPair pair : targetInfo) {
            byte[] value = pair.value();
            if (pair.id() == MSV_AV_FLAGS && withMic && value.length == 4) {
                value = NtlmSealing.le32(Ntlm.le32(value, 0) | AV_FLAG_MIC_PRESENT);
                flagsWritten = true;
            }
            writePair(out, pair.id(), value);
        }
        if (withMic && !flagsWritten) {
            writePair(out, MSV_AV_FLAGS, NtlmSealing.le32(AV_FLAG_MIC_PRESENT));
        }
        writePair(out, MSV_AV_EOL, new byte[0]);
        return out.toByteArray();
    }

    private static void writePair(ByteArrayOutputStream out, int id, byte[] value) {
        out.write(id);
        out.write(id >>> 8);
        out.write(value.length);
        out.write(value.length >>> 8);
        out.writeBytes(value);
    }
}
