package io.gatehouse.rdp.nla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * MS-NLMP 4.2 "Cryptographic Values for Validation", NTLMv2 (4.2.4), byte for byte. The inputs are
 * the 4.2.1 common values: User "User", UserDom "Domain", Passwd "Password", Workstation
 * "COMPUTER", RandomSessionKey 0x55 x16, Time 0, ClientChallenge 0xaa x8, ServerChallenge
 * 0123456789abcdef; the expected hex is copied from the specification's sections named below.
 */
class NtlmSpecVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SERVER_CHALLENGE = hex("0123456789abcdef");
    private static final byte[] CLIENT_CHALLENGE = hex("aaaaaaaaaaaaaaaa");
    private static final byte[] RANDOM_SESSION_KEY = hex("55555555555555555555555555555555");
    /** 4.2.4: the AV pairs of the example (NetBIOS domain "Domain", NetBIOS server "Server", EOL). */
    private static final byte[] TARGET_INFO = hex("02000c0044006f006d00610069006e00"
            + "01000c00530065007200760065007200" + "00000000");
    /** 4.2.4.3 CHALLENGE_MESSAGE. */
    private static final byte[] CHALLENGE = hex("4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
            + "00000000000000002400240044000000060070170000000f5300650072007600"
            + "6500720002000c0044006f006d00610069006e0001000c005300650072007600"
            + "6500720000000000");
    /** 4.2.4.3 AUTHENTICATE_MESSAGE. */
    private static final byte[] AUTHENTICATE = hex("4e544c4d5353500003000000180018006c00000054005400840000000c000c00"
            + "480000000800080054000000100010005c00000010001000d8000000358288e2"
            + "0501280a0000000f44006f006d00610069006e00550073006500720043004f00"
            + "4d005000550054004500520086c35097ac9cec102554764a57cccc19aaaaaaaa"
            + "aaaaaaaa68cd0ab851e51c96aabc927bebef6a1c010100000000000000000000"
            + "00000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e00"
            + "01000c005300650072007600650072000000000000000000c5dad2544fc97990"
            + "94ce1ce90bc9d03e");
    /** 4.2.4.3: Version 5.1.2600, NTLM revision 15. */
    private static final byte[] SPEC_VERSION = hex("0501280a0000000f");

    @Test
    void ntowfV2MatchesSection42411() {
        assertHex("0c868a403bfd7a93a3001ef22ef02e3f", NtlmCrypto.ntowfV2("Password", "User", "Domain"));
    }

    @Test
    void lmV2ResponseMatchesSection42421() {
        byte[] key = NtlmCrypto.ntowfV2("Password", "User", "Domain");
        assertHex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa",
                Ntlm.lmV2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE));
    }

    @Test
    void ntProofStrAndTempMatchSections42413And42422() {
        byte[] key = NtlmCrypto.ntowfV2("Password", "User", "Domain");
        byte[] temp = Ntlm.temp(0, CLIENT_CHALLENGE, TARGET_INFO);
        assertHex("01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
                + "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000", temp);
        assertHex("68cd0ab851e51c96aabc927bebef6a1c", Ntlm.ntProof(key, SERVER_CHALLENGE, temp));
    }

    @Test
    void sessionBaseKeyAndEncryptedRandomSessionKeyMatchSections42412And42423() {
        byte[] key = NtlmCrypto.ntowfV2("Password", "User", "Domain");
        byte[] proof = Ntlm.ntProof(key, SERVER_CHALLENGE, Ntlm.temp(0, CLIENT_CHALLENGE, TARGET_INFO));
        byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, proof);
        assertHex("8de40ccadbc14a82f15cb0ad0de95ca3", sessionBaseKey);
        // NTLMv2: KeyExchangeKey == SessionBaseKey, which RC4-encrypts the random session key.
        assertHex("c5dad2544fc9799094ce1ce90bc9d03e",
                NtlmCrypto.rc4(NtlmCrypto.rc4(sessionBaseKey), RANDOM_SESSION_KEY));
    }

    @Test
    void sealingAndSigningKeysMatchSection4244() {
        assertHex("59f600973cc4960a25480a7c196e4c58", NtlmCrypto.sealKey(RANDOM_SESSION_KEY, true));
        assertHex("4788dc861b4782f35d43fd98fe1a2d39", NtlmCrypto.signKey(RANDOM_SESSION_KEY, true));
    }

    @Test
    void sealedPlaintextAndSignatureMatchSection4244() {
        NtlmSealing sealing = NtlmSealing.forClient(RANDOM_SESSION_KEY, true);
        byte[] sealed = sealing.seal("Plaintext".getBytes(StandardCharsets.UTF_16LE));
        assertHex("010000007fb38ec5c55d497600000000", Arrays.copyOfRange(sealed, 0, 16));
        assertHex("54e50165bf1936dc996020c1811b0f06fb5f", Arrays.copyOfRange(sealed, 16, sealed.length));
    }

    @Test
    void theServerViewUnsealsTheSpecMessage() throws Exception {
        NtlmSealing client = NtlmSealing.forClient(RANDOM_SESSION_KEY, true);
        NtlmSealing server = NtlmSealing.forServer(RANDOM_SESSION_KEY, true);
        byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
        for (int seq = 0; seq < 3; seq++) { // RC4 state and sequence numbers stay in step
            assertArrayEquals(plaintext, server.unseal(client.seal(plaintext)));
            assertArrayEquals(plaintext, client.unseal(server.seal(plaintext)));
        }
    }

    @Test
    void specChallengeMessageParses() throws Exception {
        NtlmChallenge challenge = NtlmChallenge.parse(CHALLENGE);
        assertEquals(0xe28a8233, challenge.flags());
        assertArrayEquals(SERVER_CHALLENGE, challenge.serverChallenge());
        assertEquals(2, challenge.targetInfo().size());
        assertEquals(2, challenge.targetInfo().get(0).id());
        assertEquals("Domain", new String(challenge.targetInfo().get(0).value(), StandardCharsets.UTF_16LE));
        assertEquals("Server", new String(challenge.targetInfo().get(1).value(), StandardCharsets.UTF_16LE));
        assertTrue(challenge.timestamp().isEmpty());
        assertArrayEquals(TARGET_INFO, challenge.targetInfoForResponse(false));
    }

    @Test
    void authenticateMessageMatchesSection4243ByteForByte() throws Exception {
        Ntlm ntlm = new Ntlm("Domain", "User", "Password", "COMPUTER", SPEC_VERSION,
                new Ntlm.Entropy(CLIENT_CHALLENGE, RANDOM_SESSION_KEY, 0));
        ntlm.negotiate();
        Ntlm.Authenticated auth = ntlm.authenticate(CHALLENGE);
        assertHex(HEX.formatHex(AUTHENTICATE), auth.message());
        assertArrayEquals(RANDOM_SESSION_KEY, auth.exportedSessionKey());
        assertEquals(0xe2888235, auth.flags());
    }

    @Test
    void withoutKeyExchangeTheSessionBaseKeySealsAndNoKeyIsSent() throws Exception {
        byte[] challenge = CHALLENGE.clone();
        challenge[23] &= ~0x40; // clear NTLMSSP_NEGOTIATE_KEY_EXCH (0x40000000) in the flags at 20..23
        Ntlm ntlm = new Ntlm("Domain", "User", "Password", "COMPUTER", SPEC_VERSION,
                new Ntlm.Entropy(CLIENT_CHALLENGE, RANDOM_SESSION_KEY, 0));
        ntlm.negotiate();
        Ntlm.Authenticated auth = ntlm.authenticate(challenge);
        // 3.4.5.1: ExportedSessionKey = KeyExchangeKey = SessionBaseKey (4.2.4.1.2).
        assertHex("8de40ccadbc14a82f15cb0ad0de95ca3", auth.exportedSessionKey());
        assertEquals(0, Ntlm.le16(auth.message(), 52), "EncryptedRandomSessionKey length");
        NtlmSealing server = NtlmSealing.forServer(auth.exportedSessionKey(), false);
        byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
        assertArrayEquals(plaintext, server.unseal(auth.sealing().seal(plaintext)));
    }

    @Test
    void aChallengeWithoutSealingOrNetBiosNamesIsRefused() {
        byte[] weak = CHALLENGE.clone();
        weak[23] &= ~0x20; // clear NTLMSSP_NEGOTIATE_128
        Ntlm ntlm = new Ntlm("Domain", "User", "Password", "", SPEC_VERSION,
                new Ntlm.Entropy(CLIENT_CHALLENGE, RANDOM_SESSION_KEY, 0));
        ntlm.negotiate();
        IOException e = assertThrows(IOException.class,
                () -> ntlm.authenticate(weak));
        assertEquals("the server's NTLM CHALLENGE does not offer 128-bit extended session security with sealing"
                + " (flags 0xc28a8233), which CredSSP needs", e.getMessage());
        byte[] nameless = CHALLENGE.clone();
        nameless[0x54] = 3; // the NetBIOS computer name pair (id 1) becomes a DNS computer name (id 3)
        e = assertThrows(IOException.class,
                () -> ntlm.authenticate(nameless));
        assertTrue(e.getMessage().contains("NetBIOS computer and domain names"), e.getMessage());
    }

    @Test
    void negotiateMessageAsksForNtlmV2SealingWithKeyExchange() {
        Ntlm ntlm = new Ntlm("Domain", "User", "Password", "", SPEC_VERSION,
                new Ntlm.Entropy(CLIENT_CHALLENGE, RANDOM_SESSION_KEY, 0));
        assertHex("4e544c4d5353500001000000358288e2" + "0000000000000000" + "0000000000000000" + "0501280a0000000f",
                ntlm.negotiate());
    }

    @Test
    void filetimeCountsHundredNanosecondsSince1601() {
        assertEquals(116_444_736_000_000_000L, Ntlm.Entropy.fileTime(Instant.EPOCH));
    }

    private static void assertHex(String expected, byte[] actual) {
        assertEquals(expected, HEX.formatHex(actual));
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }
}
