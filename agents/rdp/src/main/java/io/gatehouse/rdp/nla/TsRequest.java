package io.gatehouse.rdp.nla;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * MS-CSSP 2.2.1 TSRequest, the only message CredSSP sends in either direction:
 * <pre>
 * TSRequest ::= SEQUENCE {
 *   version     [0] INTEGER,
 *   negoTokens  [1] NegoData OPTIONAL,      -- SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING }
 *   authInfo    [2] OCTET STRING OPTIONAL,  -- encrypted TSCredentials
 *   pubKeyAuth  [3] OCTET STRING OPTIONAL,
 *   errorCode   [4] INTEGER OPTIONAL,       -- an NTSTATUS, version 3 and later
 *   clientNonce [5] OCTET STRING OPTIONAL } -- 32 bytes, version 5 and later
 * </pre>
 * The NTLM messages travel raw in negoToken (no SPNEGO wrapping), as Windows accepts.
 */
record TsRequest(int version, List<byte[]> negoTokens, Optional<byte[]> authInfo, Optional<byte[]> pubKeyAuth,
        OptionalLong errorCode, Optional<byte[]> clientNonce) {

    /** A TSRequest is a few kilobytes at most; refuse to buffer more from a misbehaving peer. */
    static final int MAX_LENGTH = 64 * 1024;

    TsRequest {
        negoTokens = List.copyOf(negoTokens);
    }

    static TsRequest withToken(int version, byte[] token) {
        return new TsRequest(version, List.of(token), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                Optional.empty());
    }

    Optional<byte[]> firstToken() {
        return negoTokens.isEmpty() ? Optional.empty() : Optional.of(negoTokens.getFirst());
    }

    byte[] encode() {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        fields.writeBytes(Der.explicit(0, Der.integer(version)));
        if (!negoTokens.isEmpty()) {
            ByteArrayOutputStream items = new ByteArrayOutputStream();
            for (byte[] token : negoTokens) {
                items.writeBytes(Der.sequence(Der.explicit(0, Der.octetString(token))));
            }
            fields.writeBytes(Der.explicit(1, Der.element(Der.SEQUENCE, items.toByteArray())));
        }
        authInfo.ifPresent(v -> fields.writeBytes(Der.explicit(2, Der.octetString(v))));
        pubKeyAuth.ifPresent(v -> fields.writeBytes(Der.explicit(3, Der.octetString(v))));
        // NTSTATUS values are written as the signed 32-bit number Windows writes (0xC000006D < 0).
        errorCode.ifPresent(v -> fields.writeBytes(Der.explicit(4, Der.integer((int) v))));
        clientNonce.ifPresent(v -> fields.writeBytes(Der.explicit(5, Der.octetString(v))));
        return Der.element(Der.SEQUENCE, fields.toByteArray());
    }

    static TsRequest decode(byte[] der) throws MalformedMessageException {
        Der.Reader outer = new Der.Reader(der, "TSRequest");
        Der.Reader seq = outer.sequence("TSRequest");
        outer.expectEnd();
        Der.Reader versionField = seq.explicit(0, "TSRequest.version");
        long version = versionField.int32("TSRequest.version");
        versionField.expectEnd();
        if (version < 1 || version > 0xFFFF) {
            throw new MalformedMessageException("TSRequest.version " + version + " is not a CredSSP version");
        }
        List<byte[]> tokens = new ArrayList<>();
        Optional<Der.Reader> nego = seq.optionalExplicit(1, "TSRequest.negoTokens");
        if (nego.isPresent()) {
            tokens = decodeNegoData(nego.get());
        }
        Optional<byte[]> authInfo = optionalOctets(seq, 2, "TSRequest.authInfo");
        Optional<byte[]> pubKeyAuth = optionalOctets(seq, 3, "TSRequest.pubKeyAuth");
        OptionalLong errorCode = OptionalLong.empty();
        Optional<Der.Reader> error = seq.optionalExplicit(4, "TSRequest.errorCode");
        if (error.isPresent()) {
            errorCode = OptionalLong.of(error.get().int32("TSRequest.errorCode"));
            error.get().expectEnd();
        }
        Optional<byte[]> nonce = optionalOctets(seq, 5, "TSRequest.clientNonce");
        skipLaterFields(seq);
        return new TsRequest((int) version, tokens, authInfo, pubKeyAuth, errorCode, nonce);
    }

    private static List<byte[]> decodeNegoData(Der.Reader field) throws MalformedMessageException {
        Der.Reader list = field.sequence("TSRequest.negoTokens");
        field.expectEnd();
        List<byte[]> tokens = new ArrayList<>();
        while (list.hasMore()) {
            Der.Reader item = list.sequence("NegoData item");
            Der.Reader token = item.explicit(0, "NegoData.negoToken");
            tokens.add(token.octetString("NegoData.negoToken"));
            token.expectEnd();
            item.expectEnd();
        }
        return tokens;
    }

    private static Optional<byte[]> optionalOctets(Der.Reader seq, int tag, String name)
            throws MalformedMessageException {
        Optional<Der.Reader> field = seq.optionalExplicit(tag, name);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        byte[] value = field.get().octetString(name);
        field.get().expectEnd();
        return Optional.of(value);
    }

    /** MS-CSSP 2.2.1 says to treat a newer peer as the version we know; so ignore fields past [5]. */
    private static void skipLaterFields(Der.Reader seq) throws MalformedMessageException {
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            if (tag < Der.CONTEXT + 6 || tag > Der.CONTEXT + 30) {
                throw new MalformedMessageException("in TSRequest: unexpected element with tag 0x"
                        + Integer.toHexString(tag) + " (fields out of order or duplicated)");
            }
            seq.skip("TSRequest field [" + (tag - Der.CONTEXT) + "]");
        }
    }

    /**
     * Reads exactly one DER-encoded TSRequest from the TLS stream (CredSSP has no other framing).
     * Throws {@link EOFException} if the stream ends before the first byte, so the caller can tell
     * "the server hung up" from "the server sent half a message".
     */
    static byte[] read(InputStream in) throws IOException {
        int tag = in.read();
        if (tag < 0) {
            throw new EOFException("the connection closed before a CredSSP message");
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(tag);
        if (tag != Der.SEQUENCE) {
            throw new MalformedMessageException("a TSRequest starts with 0x30, not 0x" + HexFormat.of().toHexDigits((byte) tag));
        }
        int first = readByte(in, raw);
        long length = first;
        if (first >= 0x80) {
            int count = first & 0x7F;
            if (count == 0 || count > 4) {
                throw new MalformedMessageException("a TSRequest has an unsupported length form 0x" + Integer.toHexString(first));
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | readByte(in, raw);
            }
        }
        if (length > MAX_LENGTH) {
            throw new MalformedMessageException("a TSRequest of " + length + " bytes is larger than the " + MAX_LENGTH + " allowed");
        }
        byte[] content = in.readNBytes((int) length);
        if (content.length < length) {
            throw new IOException("the connection closed in the middle of a CredSSP message (" + content.length
                    + " of " + length + " bytes)");
        }
        raw.writeBytes(content);
        return raw.toByteArray();
    }

    private static int readByte(InputStream in, ByteArrayOutputStream raw) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("the connection closed in the middle of a CredSSP message header");
        }
        raw.write(b);
        return b;
    }

    @Override
    public String toString() {
        // Lengths only: tokens and authInfo are key material or encrypted credentials.
        return "TsRequest[version=" + version + ", negoTokens=" + negoTokens.size()
                + authInfo.map(a -> ", authInfo=" + a.length + " bytes").orElse("")
                + pubKeyAuth.map(a -> ", pubKeyAuth=" + a.length + " bytes").orElse("")
                + (errorCode.isPresent() ? ", errorCode=0x" + Long.toHexString(errorCode.getAsLong()) : "")
                + clientNonce.map(a -> ", clientNonce=" + a.length + " bytes").orElse("") + "]";
    }
}
