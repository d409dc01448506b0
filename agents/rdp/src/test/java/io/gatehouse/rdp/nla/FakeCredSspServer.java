package io.gatehouse.rdp.nla;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tiny CredSSP/NTLMv2 server written from MS-CSSP 3.1.5 and MS-NLMP 3.2.5, for unit tests only:
 * no Windows server can run here, so this fake peer plays the desktop. It knows the account's
 * password and checks what a real server checks: the NTLMv2 proof, the MIC, the sealed
 * pubKeyAuth binding hash (or raw key before version 5), and it decrypts the delegated
 * credentials. It reuses the production NTLM primitives, which the MS-NLMP 4.2.4 vectors pin.
 */
final class FakeCredSspServer {
    static final long STATUS_LOGON_FAILURE = 0xC000006DL;
    private static final byte[] SERVER_CHALLENGE = {1, 2, 3, 4, 5, 6, 7, 8};

    private final int version;
    private final String password;
    private final byte[] publicKey;
    private final boolean sendTimestamp;
    /** False plays an interceptor that relays NTLM and skips the binding check a real server makes. */
    private final boolean verifyClientBinding;

    volatile TsCredentials receivedCredentials;
    volatile boolean micVerified;

    FakeCredSspServer(int version, String password, byte[] publicKey, boolean sendTimestamp) {
        this(version, password, publicKey, sendTimestamp, true);
    }

    FakeCredSspServer(int version, String password, byte[] publicKey, boolean sendTimestamp,
            boolean verifyClientBinding) {
        this.version = version;
        this.password = password;
        this.publicKey = publicKey.clone();
        this.sendTimestamp = sendTimestamp;
        this.verifyClientBinding = verifyClientBinding;
    }

    void serve(InputStream in, OutputStream out) throws IOException {
        byte[] negotiate = read(in).firstToken().orElseThrow(() -> new IOException("no NEGOTIATE"));
        if (Ntlm.le32(negotiate, 8) != 1) {
            throw new IOException("expected NEGOTIATE");
        }
        byte[] challenge = challengeMessage();
        send(out, TsRequest.withToken(version, challenge));

        TsRequest authRequest = read(in);
        byte[] authenticate = authRequest.firstToken().orElseThrow(() -> new IOException("no AUTHENTICATE"));
        Optional<byte[]> exportedKey = verifyAuthenticate(negotiate, challenge, authenticate);
        if (exportedKey.isEmpty()) {
            refuse(out);
            return;
        }
        NtlmSealing sealing = NtlmSealing.forServer(exportedKey.get(), true);
        byte[] clientBinding = sealing.unseal(authRequest.pubKeyAuth().orElseThrow());
        byte[] answer;
        if (Math.min(version, authRequest.version()) >= 5) {
            byte[] nonce = authRequest.clientNonce().orElseThrow(() -> new IOException("no clientNonce"));
            expectBinding(NtlmCrypto.sha256(magic("CredSSP Client-To-Server Binding Hash"), nonce, publicKey),
                    clientBinding, "client-to-server binding hash");
            answer = NtlmCrypto.sha256(magic("CredSSP Server-To-Client Binding Hash"), nonce, publicKey);
        } else {
            expectBinding(publicKey, clientBinding, "public key");
            answer = CredSsp.incremented(publicKey);
        }
        send(out, new TsRequest(version, List.of(), Optional.empty(), Optional.of(sealing.seal(answer)),
                OptionalLong.empty(), Optional.empty()));

        TsRequest credentials = read(in);
        receivedCredentials = TsCredentials.decode(sealing.unseal(credentials.authInfo().orElseThrow()));
    }

    /** MS-NLMP 2.2.1.2 with target info: domain, server name and, optionally, a timestamp. */
    private byte[] challengeMessage() {
        byte[] info = Der.concat(
                pair(2, "TESTDOM".getBytes(StandardCharsets.UTF_16LE)),
                pair(1, "DESKTOP".getBytes(StandardCharsets.UTF_16LE)),
                sendTimestamp ? pair(7, Ntlm.le64(133_000_000_000_000_000L)) : new byte[0],
                pair(0, new byte[0]));
        int flags = 0xe28a8235;
        byte[] header = Der.concat("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII), NtlmSealing.le32(2),
                field(0, 56), NtlmSealing.le32(flags), SERVER_CHALLENGE, new byte[8], field(info.length, 56),
                new byte[] {10, 0, 0x61, 0x4A, 0, 0, 0, 15});
        return Der.concat(header, info);
    }

    /** 3.2.5.1.2: recompute the proof with the password we know; empty means "refuse". */
    private Optional<byte[]> verifyAuthenticate(byte[] negotiate, byte[] challenge, byte[] auth) throws IOException {
        byte[] nt = payload(auth, 20);
        String domain = new String(payload(auth, 28), StandardCharsets.UTF_16LE);
        String user = new String(payload(auth, 36), StandardCharsets.UTF_16LE);
        byte[] key = NtlmCrypto.ntowfV2(password, user, domain);
        byte[] proof = Arrays.copyOf(nt, 16);
        byte[] temp = Arrays.copyOfRange(nt, 16, nt.length);
        if (!MessageDigest.isEqual(proof, Ntlm.ntProof(key, SERVER_CHALLENGE, temp))) {
            return Optional.empty();
        }
        byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, proof);
        byte[] exported = NtlmCrypto.rc4(NtlmCrypto.rc4(sessionBaseKey), payload(auth, 52));
        if (sendTimestamp) {
            verifyMic(negotiate, challenge, auth, temp, exported);
        }
        return Optional.of(exported);
    }

    private void verifyMic(byte[] negotiate, byte[] challenge, byte[] auth, byte[] temp, byte[] exported)
            throws IOException {
        List<NtlmChallenge.AvPair> pairs = NtlmChallenge.parseAvPairs(Arrays.copyOfRange(temp, 28, temp.length));
        boolean flagged = pairs.stream().anyMatch(p -> p.id() == 6 && (Ntlm.le32(p.value(), 0) & 2) != 0);
        if (!flagged) {
            throw new IOException("the client got a timestamp but did not flag a MIC");
        }
        byte[] zeroed = auth.clone();
        Arrays.fill(zeroed, 72, 88, (byte) 0);
        expect(NtlmCrypto.hmacMd5(exported, negotiate, challenge, zeroed), Arrays.copyOfRange(auth, 72, 88), "MIC");
        micVerified = true;
    }

    private void refuse(OutputStream out) throws IOException {
        if (version >= 3) {
            send(out, new TsRequest(version, List.of(), Optional.empty(), Optional.empty(),
                    OptionalLong.of(STATUS_LOGON_FAILURE), Optional.empty()));
        }
        out.close(); // CredSSP 2 has no errorCode: the server just hangs up
    }

    private static byte[] payload(byte[] message, int fieldAt) {
        int length = Ntlm.le16(message, fieldAt);
        int offset = Ntlm.le32(message, fieldAt + 4);
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    private static byte[] field(int length, int offset) {
        return Der.concat(new byte[] {(byte) length, (byte) (length >> 8), (byte) length, (byte) (length >> 8)},
                NtlmSealing.le32(offset));
    }

    private static byte[] pair(int id, byte[] value) {
        return Der.concat(new byte[] {(byte) id, 0, (byte) value.length, (byte) (value.length >> 8)}, value);
    }

    private void expectBinding(byte[] expected, byte[] actual, String what) throws IOException {
        if (verifyClientBinding) {
            expect(expected, actual, what);
        }
    }

    private static void expect(byte[] expected, byte[] actual, String what) throws IOException {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new IOException("the client's " + what + " is wrong");
        }
    }

    private static TsRequest read(InputStream in) throws IOException {
        return TsRequest.decode(TsRequest.read(in));
    }

    private static void send(OutputStream out, TsRequest request) throws IOException {
        out.write(request.encode());
        out.flush();
    }

    private static byte[] magic(String text) {
        return (text + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
