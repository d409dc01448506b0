package io.gatehouse.rdp;

import io.gatehouse.rdp.connection.ShareControl;
import io.gatehouse.rdp.connection.ShareData;
import io.gatehouse.rdp.wire.Ber;
import io.gatehouse.rdp.wire.ByteWriter;
import io.gatehouse.rdp.wire.Per;
import java.math.BigInteger;

/** Server-side PDUs built by hand from the MS-RDPBCGR layouts, for feeding the engine's parsers. */
public final class ServerPdus {
    public static final int SERVER_CHANNEL = 0x03EA;

    private ServerPdus() {
    }

    /** MCS Connect Response with GCC Conference Create Response: core, security (none), network blocks. */
    public static byte[] connectResponse(int ioChannel, int... channels) {
        ByteWriter blocks = new ByteWriter();
        blocks.u16le(0x0C01).u16le(12).u32le(0x00080004).u32le(1);
        blocks.u16le(0x0C02).u16le(12).u32le(0).u32le(0);
        int netLen = 8 + 2 * channels.length + (channels.length % 2 == 1 ? 2 : 0);
        blocks.u16le(0x0C03).u16le(netLen).u16le(ioChannel).u16le(channels.length);
        for (int c : channels) {
            blocks.u16le(c);
        }
        if (channels.length % 2 == 1) {
            blocks.u16le(0);
        }
        ByteWriter gcc = new ByteWriter();
        gcc.bytes(new byte[] {0x00, 0x05, 0x00, 0x14, 0x7C, 0x00, 0x01});
        ByteWriter ccr = new ByteWriter();
        ccr.bytes(new byte[] {0x14, 0x76, 0x0A, 0x01, 0x01, 0x00, 0x01, (byte) 0xC0, 0x00, 'M', 'c', 'D', 'n'});
        Per.writeLength(ccr, blocks.length());
        ccr.bytes(blocks.toByteArray());
        Per.writeLength(gcc, ccr.length());
        gcc.bytes(ccr.toByteArray());

        ByteWriter body = new ByteWriter();
        Ber.writeTlv(body, Ber.ENUMERATED, new byte[] {0});
        Ber.writeInteger(body, 0);
        ByteWriter params = new ByteWriter();
        for (int v : new int[] {34, 3, 0, 1, 0, 1, 0xFFF8, 2}) {
            Ber.writeInteger(params, v);
        }
        Ber.writeTlv(body, Ber.SEQUENCE, params.toByteArray());
        Ber.writeTlv(body, Ber.OCTET_STRING, gcc.toByteArray());
        ByteWriter w = new ByteWriter();
        w.u8(0x7F).u8(0x66);
        Ber.writeLength(w, body.length());
        w.bytes(body.toByteArray());
        return w.toByteArray();
    }

    /** Demand Active (share control PDU) with general, bitmap and input capability sets. */
    public static byte[] demandActive(long shareId, int width, int height, int bpp) {
        return demandActive(shareId, width, height, bpp, 0);
    }

    /**
     * As above, plus a virtual channel capability set: with VCChunkSize {@code chunkSize} if it is
     * positive, without the optional field if it is negative, none at all if it is 0.
     */
    public static byte[] demandActive(long shareId, int width, int height, int bpp, long chunkSize) {
        ByteWriter caps = new ByteWriter();
        caps.u16le(1).u16le(24).u16le(1).u16le(3).u16le(0x200).u16le(0).u16le(0).u16le(0x0401).zeros(8);
        caps.u16le(2).u16le(28).u16le(bpp).u16le(1).u16le(1).u16le(1).u16le(width).u16le(height).zeros(12);
        caps.u16le(13).u16le(88).u16le(0x0035).u16le(0).zeros(80);
        caps.u16le(0x7777).u16le(8).u32le(0); // an unknown set: skipped
        int count = 4;
        if (chunkSize != 0) {
            caps.u16le(20).u16le(chunkSize > 0 ? 12 : 8).u32le(0);
            if (chunkSize > 0) {
                caps.u32le(chunkSize);
            }
            count++;
        }
        byte[] source = {'R', 'D', 'P', 0};
        ByteWriter w = new ByteWriter();
        w.u32le(shareId).u16le(source.length).u16le(caps.length() + 4).bytes(source);
        w.u16le(count).u16le(0).bytes(caps.toByteArray()).u32le(0);
        return ShareControl.write(ShareControl.DEMAND_ACTIVE, SERVER_CHANNEL, w.toByteArray());
    }

    public static byte[] deactivateAll(long shareId) {
        return ShareControl.write(ShareControl.DEACTIVATE_ALL, SERVER_CHANNEL,
                new ByteWriter().u32le(shareId).u16le(1).u8(0).toByteArray());
    }

    /** Licensing error alert STATUS_VALID_CLIENT with its security header (what ends licensing). */
    public static byte[] licenseValidClient() {
        return new ByteWriter().u16le(0x0080).u16le(0).u8(0xFF).u8(0x03).u16le(16).u32le(7).u32le(2).u16le(4).u16le(0)
                .toByteArray();
    }

    /** A License Request with a proprietary certificate holding a small RSA key, with its security header. */
    public static byte[] licenseRequest() {
        BigInteger n = BigInteger.ONE.shiftLeft(511).nextProbablePrime().multiply(BigInteger.valueOf(65537).nextProbablePrime());
        byte[] be = n.toByteArray();
        byte[] modulus = new byte[72]; // keylen: modulus bytes + 8 padding
        for (int i = 0; i < Math.min(64, be.length); i++) {
            modulus[i] = be[be.length - 1 - i];
        }
        ByteWriter key = new ByteWriter().u32le(0x31415352).u32le(72).u32le(512).u32le(63).u32le(65537).bytes(modulus);
        ByteWriter cert = new ByteWriter().u32le(1).u32le(1).u32le(1).u16le(6).u16le(key.length())
                .bytes(key.toByteArray()).u16le(8).u16le(8).zeros(8);
        ByteWriter msg = new ByteWriter().zeros(32).u32le(0x60000).u32le(4).bytes(new byte[] {'X', 0, 0, 0})
                .u32le(4).bytes(new byte[] {'A', 0, 0, 0}).u16le(0x0D).u16le(4).u32le(1)
                .u16le(3).u16le(cert.length()).bytes(cert.toByteArray()).u32le(0);
        return new ByteWriter().u16le(0x0080).u16le(0).u8(0x01).u8(0x03).u16le(msg.length() + 4)
                .bytes(msg.toByteArray()).toByteArray();
    }

    public static byte[] data(long shareId, int pduType2, byte[] payload) {
        return ShareData.write(shareId, SERVER_CHANNEL, pduType2, payload);
    }

    /** TS_UPDATE_BITMAP_DATA with one uncompressed rectangle (rows bottom-up, as RDP sends them). */
    public static byte[] rawBitmapUpdate(int x, int y, int visibleW, int visibleH, int width, int height, int bpp,
            byte[] pixels) {
        ByteWriter w = new ByteWriter().u16le(1).u16le(1);
        w.u16le(x).u16le(y).u16le(x + visibleW - 1).u16le(y + visibleH - 1).u16le(width).u16le(height).u16le(bpp);
        w.u16le(0).u16le(pixels.length).bytes(pixels);
        return w.toByteArray();
    }

    /** A TPKT + X.224 Data + MCS Send Data Indication frame on {@code channel}. */
    public static byte[] tpkt(int channel, byte[] data) {
        ByteWriter mcs = new ByteWriter().u8(26 << 2).u16be(2).u16be(channel).u8(0x70);
        Per.writeLength(mcs, data.length);
        mcs.bytes(data);
        ByteWriter w = new ByteWriter().u8(3).u8(0).u16be(mcs.length() + 7).u8(2).u8(0xF0).u8(0x80);
        return w.bytes(mcs.toByteArray()).toByteArray();
    }

    /** A fast-path output frame holding already encoded updates. */
    public static byte[] fastPath(byte[] updates) {
        int len = updates.length + 3;
        return new ByteWriter().u8(0).u16be(0x8000 | len).bytes(updates).toByteArray();
    }

    /** One fast-path update: code, fragmentation, data. */
    public static byte[] fastPathUpdate(int code, int fragmentation, byte[] data) {
        return new ByteWriter().u8(code | fragmentation << 4).u16le(data.length).bytes(data).toByteArray();
    }

    /** TS_COLORPOINTERATTRIBUTE body for a 24-bpp pointer of w x h, all one colour, fully opaque. */
    public static byte[] colorPointer(int cacheIndex, int w, int h, int rgb) {
        int xorStride = (w * 3 + 1) & ~1;
        int andStride = ((w + 15) / 16) * 2;
        ByteWriter xor = new ByteWriter();
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                xor.u8(rgb).u8(rgb >> 8).u8(rgb >> 16);
            }
            xor.zeros(xorStride - w * 3);
        }
        return new ByteWriter().u16le(cacheIndex).u16le(1).u16le(2).u16le(w).u16le(h).u16le(andStride * h)
                .u16le(xorStride * h).bytes(xor.toByteArray()).zeros(andStride * h).toByteArray();
    }
}
