package io.gatehouse.rdp.output;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * One TS_BITMAP_DATA (MS-RDPBCGR 2.2.9.1.1.3.1.2.2): where it goes (dest*, inclusive), the
 * encoded bitmap's own size and depth, and its data (a view into the PDU, no copy).
 */
public record BitmapRect(int destLeft, int destTop, int destRight, int destBottom, int width, int height, int bpp,
        boolean compressed, byte[] array, int offset, int length) {
    public static final int UPDATETYPE_BITMAP = 0x0001;
    private static final int BITMAP_COMPRESSION = 0x0001;
    private static final int NO_BITMAP_COMPRESSION_HDR = 0x0400;
    private static final int COMPRESSED_DATA_HEADER = 8;

    /** Parses TS_UPDATE_BITMAP_DATA from its updateType field on (the same layout in slow and fast path). */
    public static List<BitmapRect> parseUpdate(ByteReader r) throws RdpProtocolException {
        r.expect(r.u16le("updateType"), UPDATETYPE_BITMAP, "updateType (bitmap)");
        return parseRectangles(r);
    }

    /** Parses numberRectangles and the rectangles (after updateType, which the caller has read). */
    public static List<BitmapRect> parseRectangles(ByteReader r) throws RdpProtocolException {
        int count = r.u16le("numberRectangles");
        List<BitmapRect> rects = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            rects.add(parse(r));
        }
        return rects;
    }

    static BitmapRect parse(ByteReader r) throws RdpProtocolException {
        int left = r.u16le("destLeft");
        int top = r.u16le("destTop");
        int right = r.u16le("destRight");
        int bottom = r.u16le("destBottom");
        int width = r.u16le("width");
        int height = r.u16le("height");
        int bpp = r.u16le("bitsPerPixel");
        int flags = r.u16le("flags");
        int length = r.u16le("bitmapLength");
        ByteReader data = r.slice(length, "bitmapDataStream");
        if (right < left || bottom < top) {
            throw r.error("destination rectangle " + left + "," + top + ".." + right + "," + bottom + " is inverted");
        }
        if (bpp != 8 && bpp != 15 && bpp != 16 && bpp != 24 && bpp != 32) {
            throw r.error("bitsPerPixel " + bpp + " is not 8, 15, 16, 24 or 32");
        }
        boolean compressed = (flags & BITMAP_COMPRESSION) != 0;
        if (compressed && (flags & NO_BITMAP_COMPRESSION_HDR) == 0) {
            // TS_CD_HEADER: cbCompFirstRowSize (0), cbCompMainBodySize, cbScanWidth, cbUncompressedSize.
            data.u16le("cbCompFirstRowSize");
            int body = data.u16le("cbCompMainBodySize");
            data.skip(4, "cbScanWidth, cbUncompressedSize");
            data = data.slice(body, "compressed bitmap body");
        }
        return new BitmapRect(left, top, right, bottom, width, height, bpp, compressed, data.array(),
                data.arrayOffset(), data.remaining());
    }

    /** The visible size: dest* is inclusive and never larger than the encoded bitmap. */
    public int visibleWidth() {
        return Math.min(destRight - destLeft + 1, width);
    }

    public int visibleHeight() {
        return Math.min(destBottom - destTop + 1, height);
    }
}
