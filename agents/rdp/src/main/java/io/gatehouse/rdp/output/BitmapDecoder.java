package io.gatehouse.rdp.output;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * Turns the encoded pixels of a bitmap rectangle into ARGB, rows top-down, width*height. The
 * engine's own is {@link #STANDARD} (the io.gatehouse.rdp.bitmap codecs); tests may pass another.
 */
@FunctionalInterface
public interface BitmapDecoder {
    int[] decode(BitmapRect rect) throws RdpProtocolException;

    /** RDP 6.0 planar for compressed 32 bpp, interleaved RLE for compressed 8-24 bpp, raw otherwise. */
    BitmapDecoder STANDARD = rect -> {
        if (!rect.compressed()) {
            return io.gatehouse.rdp.bitmap.RawBitmap.decode(rect.array(), rect.offset(), rect.length(), rect.width(),
                    rect.height(), rect.bpp());
        }
        if (rect.bpp() == 32) {
            return io.gatehouse.rdp.bitmap.Planar.decode(rect.array(), rect.offset(), rect.length(), rect.width(),
                    rect.height());
        }
        return io.gatehouse.rdp.bitmap.InterleavedRle.decode(rect.array(), rect.offset(), rect.length(), rect.width(),
                rect.height(), rect.bpp());
    };
}
