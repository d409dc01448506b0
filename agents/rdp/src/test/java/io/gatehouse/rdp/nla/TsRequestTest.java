package io.gatehouse.rdp.nla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * TSRequest and TSCredentials DER. MS-CSSP gives the ASN.1 (2.2.1) but no hex examples, so the
 * expected encodings here were derived by hand from that ASN.1 and X.690 DER rules; each comment
 * spells out the derivation so a reader can check it.
 */
class TsRequestTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void negotiateRequestEncodesAsHandDerivedDer() {
        // a0 03 {02 01 06}; a1 0b {30 09 {30 07 {a0 05 {04 03 010203}}}}; outer 30 (5 + 13 = 0x12)
        byte[] der = TsRequest.withToken(6, new byte[] {1, 2, 3}).encode();
        assertEquals("3012" + "a003020106" + "a10b" + "3009" + "3007" + "a005" + "0403010203", HEX.formatHex(der));
    }

    @Test
    void errorCodeIsTheSigned32BitNtstatus() throws Exception {
        // STATUS_LOGON_FAILURE 0xC000006D is negative as a 32-bit INTEGER: 02 04 c0 00 00 6d.
        TsRequest request = new TsRequest(6, List.of(), Optional.empty(), Optional.empty(),
                OptionalLong.of(0xC000006DL), Optional.empty());
        assertEquals("300d" + "a003020106" + "a406" + "0204c000006d", HEX.formatHex(request.encode()));
        assertEquals(0xC000006DL, TsRequest.decode(request.encode()).errorCode().getAsLong());
        // A peer that writes it as a positive 5-byte INTEGER means the same status.
        byte[] unsigned = HEX.parseHex("300e" + "a003020106" + "a407" + "020500c000006d");
        assertEquals(0xC000006DL, TsRequest.decode(unsigned).errorCode().getAsLong());
    }

    @Test
    void longTokensUseLongFormLengths() throws Exception {
        // 04 81 c8 (200) -> a0 81 cb -> 30 81 ce -> 30 81 d1 -> a1 81 d4; outer content 5 + 215 = 0xdc.
        byte[] token = new byte[200];
        Arrays.fill(token, (byte) 0x5a);
        byte[] der = TsRequest.withToken(2, token).encode();
        assertEquals("3081dc" + "a003020102" + "a181d4" + "3081d1" + "3081ce" + "a081cb" + "0481c8",
                HEX.formatHex(der, 0, 23));
        assertEquals(223, der.length);
        assertArrayEquals(token, TsRequest.decode(der).firstToken().orElseThrow());
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        byte[] nonce = new byte[32];
        Arrays.fill(nonce, (byte) 7);
        TsRequest request = new TsRequest(6, List.of(new byte[] {1}, new byte[] {2, 2}),
                Optional.of(new byte[] {3}), Optional.of(new byte[300]), OptionalLong.of(5), Optional.of(nonce));
        TsRequest back = TsRequest.decode(request.encode());
        assertEquals(6, back.version());
        assertEquals(2, back.negoTokens().size());
        assertArrayEquals(new byte[] {2, 2}, back.negoTokens().get(1));
        assertArrayEquals(new byte[] {3}, back.authInfo().orElseThrow());
        assertArrayEquals(new byte[300], back.pubKeyAuth().orElseThrow());
        assertEquals(5, back.errorCode().getAsLong());
        assertArrayEquals(nonce, back.clientNonce().orElseThrow());
        // the pubKeyAuth/nonce tail as derived: a3 82 01 30 04 82 01 2c ...; a5 22 04 20 <nonce>
        String hex = HEX.formatHex(request.encode());
        assertTrue(hex.contains("a38201300482012c"));
        assertTrue(hex.endsWith("a5220420" + HEX.formatHex(nonce)));
    }

    @Test
    void integersUseMinimalTwosComplement() {
        assertEquals("020100", HEX.formatHex(Der.integer(0)));
        assertEquals("02017f", HEX.formatHex(Der.integer(127)));
        assertEquals("02020080", HEX.formatHex(Der.integer(128)));
        assertEquals("02020100", HEX.formatHex(Der.integer(256)));
        assertEquals("0201ff", HEX.formatHex(Der.integer(-1)));
        assertEquals("0202ff7f", HEX.formatHex(Der.integer(-129)));
        assertEquals("0201" + "80", HEX.formatHex(Der.integer(-128)));
    }

    @Test
    void passwordCredentialsEncodeAsHandDerivedDer() throws Exception {
        // TSPasswordCreds: a0 04 {04 02 "D"} a1 04 {04 02 "u"} a2 04 {04 02 "p"} in 30 12;
        // TSCredentials: a0 03 {02 01 01} a1 16 {04 14 <TSPasswordCreds>} in 30 1d.
        TsCredentials creds = new TsCredentials("D", "u", "p");
        assertEquals("301d" + "a003020101" + "a116" + "0414" + "3012" + "a00404024400" + "a10404027500"
                + "a20404027000", HEX.formatHex(creds.encode()));
        TsCredentials unicode = new TsCredentials("CORP", "jürgen", "pässwörd€ 🔑");
        assertEquals(unicode, TsCredentials.decode(unicode.encode()));
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertEquals("TsCredentials[D\\u, password=***]", new TsCredentials("D", "u", "hunter2").toString());
    }

    @Test
    void readTakesExactlyOneMessageFromTheStream() throws Exception {
        byte[] one = TsRequest.withToken(6, new byte[] {9}).encode();
        byte[] two = Der.concat(one, one);
        ByteArrayInputStream in = new ByteArrayInputStream(two);
        assertArrayEquals(one, TsRequest.read(in));
        assertArrayEquals(one, TsRequest.read(in));
        assertThrows(EOFException.class, () -> TsRequest.read(in));
    }

    @Test
    void readRefusesOversizedAndHalfMessages() {
        IOException big = assertThrows(MalformedMessageException.class,
                () -> TsRequest.read(new ByteArrayInputStream(HEX.parseHex("3084 7fffffff".replace(" ", "")))));
        assertTrue(big.getMessage().contains("larger than"));
        byte[] one = TsRequest.withToken(6, new byte[] {9}).encode();
        IOException half = assertThrows(IOException.class,
                () -> TsRequest.read(new ByteArrayInputStream(Arrays.copyOf(one, one.length - 1))));
        assertTrue(half.getMessage().contains("middle of a CredSSP message"));
    }

    @Test
    void malformedDerNamesTheField() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> TsRequest.decode(HEX.parseHex("3005a003040106")));
        assertEquals("in TSRequest.version: TSRequest.version should have tag 0x2 but has 0x4", e.getMessage());
        MalformedMessageException past = assertThrows(MalformedMessageException.class,
                () -> TsRequest.decode(HEX.parseHex("3009a003020106a10530")));
        assertTrue(past.getMessage().contains("claims"), past.getMessage());
    }
}
