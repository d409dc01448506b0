package io.gatehouse.rdp.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.rdp.ServerTrust;
import io.gatehouse.rdp.ServerPdus;
import io.gatehouse.rdp.wire.Ber;
import io.gatehouse.rdp.wire.ByteReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionPdusTest {
    private static final RdpSettings SETTINGS = new RdpSettings("h", 3389, "alice", "s3cret", "", 1280, 720, 32, true,
            Duration.ofSeconds(5), new ServerTrust.InsecureSkipVerify(), RdpSettings.Security.NEGOTIATE); // no TLS here

    @Test
    void connectionRequestAsksForTlsAndNla() throws Exception {
        byte[] cr = X224.connectionRequest("alice", X224.PROTOCOL_SSL | X224.PROTOCOL_HYBRID);
        assertEquals(cr.length - 1, cr[0]);
        assertEquals((byte) 0xE0, cr[1]);
        assertTrue(new String(cr, StandardCharsets.US_ASCII).contains("Cookie: mstshash=alice\r\n"));
        assertArrayEquals(new byte[] {1, 0, 8, 0, 3, 0, 0, 0}, java.util.Arrays.copyOfRange(cr, cr.length - 8, cr.length));
    }

    @Test
    void connectionConfirmGivesTheSelectedProtocolOrTheFailure() throws Exception {
        byte[] ok = {0x0E, (byte) 0xD0, 0, 0, 0x12, 0x34, 0, 2, 0x1F, 8, 0, 1, 0, 0, 0};
        assertEquals(X224.PROTOCOL_SSL, X224.parseConnectionConfirm(ok).selectedProtocol());
        byte[] fail = {0x0E, (byte) 0xD0, 0, 0, 0x12, 0x34, 0, 3, 0, 8, 0, 5, 0, 0, 0};
        X224.Negotiation n = X224.parseConnectionConfirm(fail);
        assertTrue(n.failed());
        assertTrue(X224.failureMessage(n.failureCode()).contains("Network Level Authentication"));
        byte[] old = {0x06, (byte) 0xD0, 0, 0, 0x12, 0x34, 0};
        assertEquals(X224.PROTOCOL_RDP, X224.parseConnectionConfirm(old).selectedProtocol());
    }

    @Test
    void connectInitialCarriesTheClientCoreDataWithTheRequestedSize() throws Exception {
        byte[] blocks = ClientData.blocks(SETTINGS, X224.PROTOCOL_SSL, "gatehouse");
        ByteReader core = new ByteReader(blocks, "core");
        assertEquals(0xC001, core.u16le("type"));
        assertEquals(216, core.u16le("length"));
        core.u32le("version");
        assertEquals(1280, core.u16le("w"));
        assertEquals(720, core.u16le("h"));
        core.skip(216 - 12, "rest of core");
        core.skip(12, "security");
        assertEquals(0xC003, core.u16le("net type"));
        assertEquals(8 + 12, core.u16le("net length"));
        assertEquals(1, core.u32le("channelCount"));
        assertEquals("cliprdr\0", new String(core.bytes(8, "name"), StandardCharsets.US_ASCII));
        assertEquals(0xC0A00000L, core.u32le("options")); // INITIALIZED | ENCRYPT_RDP | COMPRESS_RDP | SHOW_PROTOCOL
        assertEquals(216 + 12 + 20 + 12, blocks.length);

        ByteReader r = new ByteReader(McsConnect.connectInitial(blocks), "ci");
        int len = Ber.readApplicationTag(r, 101, "Connect-Initial");
        assertEquals(r.remaining(), len);
    }

    @Test
    void connectResponseGivesTheIoAndVirtualChannels() throws Exception {
        ServerData s = McsConnect.parseConnectResponse(new ByteReader(ServerPdus.connectResponse(1003, 1004, 1005, 1006),
                "cr"));
        assertEquals(1003, s.ioChannelId());
        assertEquals(List.of(1004, 1005, 1006), s.staticChannelIds());
        assertEquals(0, s.encryptionMethod());
    }

    @Test
    void attachUserAndChannelJoinConfirmsParse() throws Exception {
        assertEquals(1007, McsDomain.parseAttachUserConfirm(new ByteReader(new byte[] {0x2E, 0, 0, 6}, "auc")));
        McsDomain.parseChannelJoinConfirm(new ByteReader(new byte[] {0x3E, 0, 0, 6, 0x03, (byte) 0xEB, 0x03,
            (byte) 0xEB}, "cjc"), 1003);
        RdpProtocolException refused = assertThrows(RdpProtocolException.class, () -> McsDomain.parseChannelJoinConfirm(
                new ByteReader(new byte[] {0x3E, 1, 0, 6, 0x03, (byte) 0xEB, 0x03, (byte) 0xEB}, "cjc"), 1003));
        assertTrue(refused.getMessage().contains("1003"));
    }

    @Test
    void demandActiveGivesSizeDepthAndInputFlags() throws Exception {
        ShareControl pdu = ShareControl.read(new ByteReader(ServerPdus.demandActive(0x1234, 1024, 768, 16), "da"));
        assertEquals(ShareControl.DEMAND_ACTIVE, pdu.pduType());
        DemandActive d = DemandActive.parse(pdu.body());
        assertEquals(new DemandActive(0x1234, 1024, 768, 16, 0x35, 0x0401, 0), d);
        assertTrue(d.fastPathInput());
    }

    @Test
    void demandActiveGivesTheVirtualChannelChunkSizeWhenThereIsOne() throws Exception {
        assertEquals(16256, DemandActive.parse(ShareControl.read(new ByteReader(
                ServerPdus.demandActive(1, 800, 600, 16, 16256L), "da")).body()).channelChunkSize());
        assertEquals(0, DemandActive.parse(ShareControl.read(new ByteReader(
                ServerPdus.demandActive(1, 800, 600, 16, -1L), "da")).body()).channelChunkSize());
    }

    @Test
    void confirmActiveLengthsAddUp() throws Exception {
        byte[] pdu = ConfirmActive.pdu(0x1234, 1007, 1024, 768, 32, true);
        ByteReader r = new ByteReader(pdu, "ca");
        assertEquals(pdu.length, r.u16le("totalLength"));
        assertEquals(0x13, r.u16le("pduType"));
        assertEquals(1007, r.u16le("source"));
        assertEquals(0x1234, r.u32le("shareId"));
        r.u16le("originator");
        int sourceLen = r.u16le("sourceLen");
        int capsLen = r.u16le("capsLen");
        r.skip(sourceLen, "source");
        assertEquals(capsLen, r.remaining());
        int count = r.u16le("count");
        r.u16le("pad");
        for (int i = 0; i < count; i++) {
            r.u16le("type");
            r.skip(r.u16le("len") - 4, "set");
        }
        assertFalse(r.hasRemaining());
    }

    @Test
    void licensingEndsWithValidClientAndAnswersALicenseRequest() throws Exception {
        ByteReader valid = new ByteReader(ServerPdus.licenseValidClient(), "lic");
        valid.skip(4, "security header");
        assertTrue(Licensing.parse(valid, "alice", "gh", new SecureRandom()).done());

        ByteReader request = new ByteReader(ServerPdus.licenseRequest(), "lic");
        request.skip(4, "security header");
        Licensing.Outcome o = Licensing.parse(request, "alice", "gh", new SecureRandom());
        assertFalse(o.done());
        assertNotNull(o.reply());
        ByteReader reply = new ByteReader(o.reply(), "reply");
        assertEquals(Licensing.SEC_LICENSE_PKT, reply.u16le("flags"));
        reply.u16le("flagsHi");
        assertEquals(0x13, reply.u8("type"));
        reply.u8("flags");
        assertEquals(reply.remaining() + 2, reply.u16le("size"));
        reply.skip(8 + 32, "alg, platform, random");
        assertEquals(2, reply.u16le("blob type"));
        assertEquals(72, reply.u16le("blob len"));
    }

    @Test
    void aPlatformChallengeIsRefusedWithAMessage() throws Exception {
        byte[] challenge = {0x02, 0x03, 8, 0, 0, 0, 0, 0};
        Licensing.Outcome o = Licensing.parse(new ByteReader(challenge, "lic"), "a", "b", new SecureRandom());
        assertFalse(o.done());
        assertNull(o.reply());
        assertTrue(o.problem().contains("licensing"));
    }

    @Test
    void clientInfoCarriesTheCredentialsForAutoLogon() throws Exception {
        byte[] pdu = ClientInfo.pdu("", "alice", "s3cret");
        ByteReader r = new ByteReader(pdu, "info");
        assertEquals(0x40, r.u16le("sec flags"));
        r.u16le("hi");
        r.u32le("codepage");
        long flags = r.u32le("flags");
        assertEquals(0x8 | 0x10 | 0x33, flags & 0x3B);
        assertEquals(0, r.u16le("cbDomain"));
        assertEquals(10, r.u16le("cbUserName"));
        assertEquals(12, r.u16le("cbPassword"));
    }
}
