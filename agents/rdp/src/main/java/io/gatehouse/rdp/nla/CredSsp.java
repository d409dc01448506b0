package io.gatehouse.rdp.nla;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network Level Authentication: the client side of CredSSP (MS-CSSP 3.1.5) with raw NTLMv2,
 * run over the TLS streams right after the handshake.
 * <pre>
 * client                                             server
 *   TSRequest{v6, NEGOTIATE}                     -&gt;
 *                                                &lt;-   TSRequest{vN, CHALLENGE}
 *   TSRequest{v6, AUTHENTICATE, pubKeyAuth,
 *             clientNonce (N &gt;= 5)}              -&gt;
 *                                                &lt;-   TSRequest{pubKeyAuth} | TSRequest{errorCode} | close
 *   TSRequest{authInfo = sealed TSCredentials}   -&gt;
 * </pre>
 * pubKeyAuth binds the NTLM session to the TLS server key, so a man in the middle that terminates
 * TLS cannot relay the exchange: the client seals a hash of the key (or the key itself before
 * version 5), and only proceeds to send the password if the server proves the same key back.
 */
public final class CredSsp {
    private static final Logger LOG = LoggerFactory.getLogger(CredSsp.class);

    /** The highest MS-CSSP version we speak; 5 and 6 add the nonce-based binding (CVE-2018-0886). */
    static final int VERSION = 6;
    private static final int NONCE_LENGTH = 32;
    // MS-CSSP 3.1.5: the magic strings are hashed with their terminating NUL.
    private static final byte[] CLIENT_SERVER_MAGIC = magic("CredSSP Client-To-Server Binding Hash");
    private static final byte[] SERVER_CLIENT_MAGIC = magic("CredSSP Server-To-Client Binding Hash");

    private final InputStream in;
    private final OutputStream out;
    private final byte[] serverPublicKey;
    private final String domain;
    private final String user;
    private final SecureRandom random;
    private final Ntlm ntlm;

    private CredSsp(InputStream in, OutputStream out, byte[] serverPublicKey, String domain, String user,
            Ntlm ntlm, SecureRandom random) {
        this.in = in;
        this.out = out;
        this.serverPublicKey = serverPublicKey.clone();
        this.domain = domain;
        this.user = user;
        this.ntlm = ntlm;
        this.random = random;
    }

    /**
     * Runs CredSSP over the TLS streams. {@code serverPublicKey} is the subjectPublicKey BIT STRING
     * contents of the server's TLS certificate, without the leading unused-bits octet (for RSA,
     * the DER RSAPublicKey that starts with 0x30): what MS-CSSP binds.
     *
     * @throws LogonRefusedException when the server refuses the credential
     * @throws IOException for anything else, with a message saying what went wrong
     */
    public static void authenticate(InputStream in, OutputStream out, byte[] serverPublicKey, String domain,
            String user, String password, SecureRandom random) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(serverPublicKey, "serverPublicKey");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Ntlm ntlm = new Ntlm(domain, user, password, "", Ntlm.DEFAULT_VERSION, Ntlm.Entropy.random(random));
        new CredSsp(in, out, serverPublicKey, domain, user, ntlm, random).run(password);
    }

    private void run(String password) throws IOException {
        send(TsRequest.withToken(VERSION, ntlm.negotiate()));
        TsRequest challenge = receive("the NTLM NEGOTIATE message", false);
        int version = Math.min(VERSION, challenge.version());
        LOG.debug("CredSSP: the server speaks version {}, using {}", challenge.version(), version);
        byte[] challengeToken = challenge.firstToken().orElseThrow(
                () -> malformed("the NTLM NEGOTIATE message", "it carries no NTLM CHALLENGE token"));

        Ntlm.Authenticated auth;
        try {
            auth = ntlm.authenticate(challengeToken);
        } catch (MalformedMessageException e) {
            throw malformed("the NTLM NEGOTIATE message", e.getMessage());
        }
        NtlmSealing sealing = auth.sealing();
        Optional<byte[]> nonce = version >= 5 ? Optional.of(randomNonce()) : Optional.empty();
        byte[] binding = nonce.map(n -> NtlmCrypto.sha256(CLIENT_SERVER_MAGIC, n, serverPublicKey))
                .orElse(serverPublicKey);
        send(new TsRequest(VERSION, List.of(auth.message()), Optional.empty(), Optional.of(sealing.seal(binding)),
                OptionalLong.empty(), nonce));

        TsRequest answer = receive("the NTLM AUTHENTICATE message", true);
        verifyServerBinding(answer, sealing, nonce);

        byte[] credentials = new TsCredentials(domain, user, password).encode();
        try {
            send(new TsRequest(VERSION, List.of(), Optional.of(sealing.seal(credentials)), Optional.empty(),
                    OptionalLong.empty(), Optional.empty()));
        } finally {
            Arrays.fill(credentials, (byte) 0);
        }
        LOG.debug("CredSSP: credentials delegated for {}", user);
    }

    /**
     * MS-CSSP 3.1.5 step 4: the server proves it holds the TLS key by sealing the server-to-client
     * hash (version 5+) or the public key plus one (versions 2-4) under the NTLM session.
     */
    private void verifyServerBinding(TsRequest answer, NtlmSealing sealing, Optional<byte[]> nonce)
            throws IOException {
        String stage = "the NTLM AUTHENTICATE message";
        byte[] sealed = answer.pubKeyAuth().orElseThrow(() -> malformed(stage, "it carries no pubKeyAuth"));
        byte[] proof;
        try {
            proof = sealing.unseal(sealed);
        } catch (MalformedMessageException e) {
            throw malformed(stage, "pubKeyAuth: " + e.getMessage());
        }
        byte[] expected = nonce.map(n -> NtlmCrypto.sha256(SERVER_CLIENT_MAGIC, n, serverPublicKey))
                .orElseGet(() -> incremented(serverPublicKey));
        if (!MessageDigest.isEqual(expected, proof)) {
            throw new IOException("the server's CredSSP pubKeyAuth does not match the public key of its TLS"
                    + " certificate; something between the agent and the desktop may be intercepting the"
                    + " connection, so the password was not sent");
        }
    }

    /** Versions 2-4: the key read as a little-endian number, plus one (first byte + 1, with carry). */
    static byte[] incremented(byte[] key) {
        byte[] result = key.clone();
        for (int i = 0; i < result.length; i++) {
            result[i]++;
            if (result[i] != 0) {
                break;
            }
        }
        return result;
    }

    private TsRequest receive(String after, boolean afterAuthenticate) throws IOException {
        byte[] raw;
        try {
            raw = TsRequest.read(in);
        } catch (EOFException e) {
            if (afterAuthenticate) {
                throw LogonRefusedException.byClosing(domain, user); // CredSSP 2 servers refuse this way
            }
            throw new IOException("the server closed the connection after " + after + " instead of answering CredSSP");
        } catch (MalformedMessageException e) {
            throw malformed(after, e.getMessage());
        }
        TsRequest request;
        try {
            request = TsRequest.decode(raw);
        } catch (MalformedMessageException e) {
            throw malformed(after, e.getMessage());
        }
        if (request.errorCode().isPresent()) {
            long status = request.errorCode().getAsLong();
            if (afterAuthenticate || LogonRefusedException.isLogonStatus(status)) {
                throw LogonRefusedException.withStatus(domain, user, status);
            }
            throw new IOException(String.format("the server ended CredSSP with error 0x%08X after %s", status, after));
        }
        return request;
    }

    private void send(TsRequest request) throws IOException {
        out.write(request.encode());
        out.flush();
    }

    private byte[] randomNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    private static IOException malformed(String after, String detail) {
        return new IOException("the server's CredSSP answer to " + after + " is malformed: " + detail);
    }

    private static byte[] magic(String text) {
        return (text + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
