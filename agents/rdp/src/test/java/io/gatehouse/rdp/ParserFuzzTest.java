package io.gatehouse.rdp;

import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.rdp.channel.ChannelPdu;
import io.gatehouse.rdp.channel.ChannelReassembler;
import io.gatehouse.rdp.clipboard.ClipboardPdu;
import io.gatehouse.rdp.connection.DemandActive;
import io.gatehouse.rdp.connection.Licensing;
import io.gatehouse.rdp.connection.McsConnect;
import io.gatehouse.rdp.connection.McsDomain;
import io.gatehouse.rdp.connection.ShareControl;
import io.gatehouse.rdp.connection.ShareData;
import io.gatehouse.rdp.connection.X224;
import io.gatehouse.rdp.output.BitmapDecoder;
import io.gatehouse.rdp.output.FastPathOutput;
import io.gatehouse.rdp.output.ScreenUpdates;
import io.gatehouse.rdp.output.SessionInfo;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds every parser random bytes, every truncation of a valid PDU and randomly corrupted valid
 * PDUs: the only exception allowed out is RdpProtocolException.
 */
class ParserFuzzTest {
    private static final int RANDOM_INPUTS = 3000;
    private static final int MUTATIONS = 3000;

    @FunctionalInterface
    interface Parser {
        void parse(byte[] input) throws RdpProtocolException;
    }

    record Target(String name, Parser parser, List<byte[]> seeds) {
    }

    private final RdpListener quiet = new RecordingListener() {
        @Override
        public void onBitmap(int x, int y, int width, int height, int[] argb) {
        }
    };

    private List<Target> targets() {
        SecureRandom random = new SecureRandom();
        byte[] planar = new ByteWriter().u16le(1).u16le(1).u16le(0).u16le(0).u16le(15).u16le(15).u16le(16)
                .u16le(16).u16le(32).u16le(0x0401).u16le(6).u8(0x10).bytes(new byte[] {0x13, 0x55, 0x01, 0x00})
                .u8(0).toByteArray();
        byte[] rle = new ByteWriter().u16le(1).u16le(1).u16le(0).u16le(0).u16le(7).u16le(7).u16le(8).u16le(8)
                .u16le(16).u16le(0x0001).u16le(12).u16le(0).u16le(4).u16le(16).u16le(128).u8(0x60).u8(0x40)
                .u16le(0x1234).toByteArray();
        return List.of(
                new Target("X.224 Connection Confirm", X224::parseConnectionConfirm,
                        List.of(new byte[] {0x0E, (byte) 0xD0, 0, 0, 0x12, 0x34, 0, 2, 0x1F, 8, 0, 1, 0, 0, 0})),
                new Target("X.224 Data", X224::unwrapData, List.of(new byte[] {2, (byte) 0xF0, (byte) 0x80, 0x68})),
                new Target("MCS Connect Response", b -> McsConnect.parseConnectResponse(reader(b)),
                        List.of(ServerPdus.connectResponse(1003, 1004, 1005))),
                new Target("MCS domain PDU", b -> McsDomain.parse(reader(b)),
                        List.of(Arrays.copyOfRange(ServerPdus.tpkt(1003, new byte[40]), 7, 54))),
                new Target("Attach User Confirm", b -> McsDomain.parseAttachUserConfirm(reader(b)),
                        List.of(new byte[] {0x2E, 0, 0, 6})),
                new Target("Channel Join Confirm", b -> McsDomain.parseChannelJoinConfirm(reader(b), 1003),
                        List.of(new byte[] {0x3E, 0, 0, 6, 0x03, (byte) 0xEB, 0x03, (byte) 0xEB})),
                new Target("Demand Active", b -> DemandActive.parse(ShareControl.read(reader(b)).body()),
                        List.of(ServerPdus.demandActive(1, 1024, 768, 32))),
                new Target("Share Data", b -> ShareData.parse(ShareControl.read(reader(b)).body()),
                        List.of(ServerPdus.data(1, ShareData.SET_ERROR_INFO, new byte[] {1, 0, 0, 0}))),
                new Target("licensing", b -> Licensing.parse(reader(b), "u", "c", random),
                        List.of(Arrays.copyOfRange(ServerPdus.licenseValidClient(), 4, 20),
                                Arrays.copyOfRange(ServerPdus.licenseRequest(), 4, ServerPdus.licenseRequest().length))),
                new Target("Save Session Info", b -> SessionInfo.parse(reader(b)), List.of(new ByteWriter().u32le(3)
                        .u16le(18).u32le(3).u32le(4).u32le(0).u32le(8).u32le(0xFFFFFFFEL).u32le(0).toByteArray())),
                new Target("slow-path update", b -> screen().slowPathUpdate(reader(b)),
                        List.of(ServerPdus.rawBitmapUpdate(1, 2, 3, 2, 4, 2, 16, new byte[16]), planar, rle)),
                new Target("slow-path pointer", b -> screen().slowPathPointer(reader(b)),
                        List.of(concat(new byte[] {6, 0, 0, 0}, ServerPdus.colorPointer(0, 3, 3, 0xFF)),
                                new byte[] {3, 0, 0, 0, 1, 0, 2, 0})),
                new Target("clipboard PDU (long names)", b -> ClipboardPdu.parse(reader(b), true), List.of(
                        ClipboardPdu.write(ClipboardPdu.CB_FORMAT_LIST, 0, new ByteWriter().u32le(13).u16le(0)
                                .u32le(0xC001).u16le('H').u16le(0).toByteArray()),
                        ClipboardPdu.write(ClipboardPdu.CB_CLIP_CAPS, 0, new ByteWriter().u16le(1).u16le(0).u16le(1)
                                .u16le(12).u32le(2).u32le(2).toByteArray()))),
                new Target("clipboard PDU (short names)", b -> ClipboardPdu.parse(reader(b), false), List.of(
                        ClipboardPdu.write(ClipboardPdu.CB_FORMAT_LIST, 0, new ByteWriter().u32le(13).zeros(32)
                                .toByteArray()))),
                new Target("virtual channel chunk", b -> new ChannelReassembler(1 << 16).accept(reader(b)),
                        List.of(ChannelPdu.chunks(new byte[40], 1600, true).get(0))),
                new Target("fast-path output", b -> {
                    ScreenUpdates s = screen();
                    FastPathOutput fp = new FastPathOutput(4096);
                    for (FastPathOutput.Update u : fp.parse(b.length > 0 ? b[0] & 0xC0 : 0, b)) {
                        s.fastPath(u);
                    }
                }, List.of(concat(ServerPdus.fastPathUpdate(9, 0, ServerPdus.colorPointer(1, 2, 2, 5)),
                        ServerPdus.fastPathUpdate(1, 0, ServerPdus.rawBitmapUpdate(0, 0, 2, 2, 2, 2, 24, new byte[12])),
                        ServerPdus.fastPathUpdate(0xA, 0, new byte[] {1, 0})))));
    }

    private ScreenUpdates screen() {
        return new ScreenUpdates(quiet, BitmapDecoder.STANDARD);
    }

    @Test
    void everyParserThrowsOnlyProtocolExceptionsOnGarbage() {
        Random rnd = new Random(20261130);
        for (Target t : targets()) {
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                byte[] b = new byte[rnd.nextInt(300)];
                rnd.nextBytes(b);
                check(t, b);
            }
        }
    }

    @Test
    void everyParserThrowsOnlyProtocolExceptionsOnTruncatedPdus() {
        for (Target t : targets()) {
            for (byte[] seed : t.seeds()) {
                check(t, seed); // the seed itself may parse or not; it must not blow up either
                for (int n = 0; n < seed.length; n++) {
                    check(t, Arrays.copyOf(seed, n));
                }
            }
        }
    }

    @Test
    void everyParserThrowsOnlyProtocolExceptionsOnCorruptedPdus() {
        Random rnd = new Random(42);
        for (Target t : targets()) {
            for (byte[] seed : t.seeds()) {
                for (int i = 0; i < MUTATIONS; i++) {
                    byte[] b = seed.clone();
                    for (int k = 1 + rnd.nextInt(4); k > 0 && b.length > 0; k--) {
                        int at = rnd.nextInt(b.length);
                        b[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : b[at] ^ (1 << rnd.nextInt(8)));
                    }
                    check(t, b);
                }
            }
        }
    }

    private static void check(Target t, byte[] input) {
        try {
            t.parser().parse(input);
        } catch (RdpProtocolException expected) {
            // the one allowed outcome besides success
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(t.name() + " threw " + e + " on " + HexFormat.of().formatHex(input), e);
        }
    }

    private static ByteReader reader(byte[] b) {
        return new ByteReader(b, "fuzz");
    }

    private static byte[] concat(byte[]... parts) {
        ByteWriter w = new ByteWriter();
        for (byte[] p : parts) {
            w.bytes(p);
        }
        return w.toByteArray();
    }
}
