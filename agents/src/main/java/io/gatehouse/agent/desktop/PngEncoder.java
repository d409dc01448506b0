package io.gatehouse.agent.desktop;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG for screen tiles, written directly: 8-bit RGB (or RGBA for pointers), the Sub filter on every
 * row (flat colours and text turn into runs of zeros) and fast deflate. ImageIO's writer
 * compresses harder and cost ~3.5 x the CPU of plain zlib'd pixels per screen (bench/desktop.sh),
 * which made the agent's encoder the bottleneck of a full-screen repaint.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngEncoder() {
    }

    static byte[] encode(int width, int height, int[] argb, boolean alpha) {
        int channels = alpha ? 4 : 3;
        int stride = 1 + width * channels;
        byte[] raw = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            int o = y * stride;
            raw[o] = 1; // Sub: each byte minus the same channel of the pixel to its left
            int prevR = 0;
            int prevG = 0;
            int prevB = 0;
            int prevA = 0;
            for (int x = 0, p = o + 1; x < width; x++, p += channels) {
                int c = argb[y * width + x];
                int r = (c >> 16) & 0xFF;
                int g = (c >> 8) & 0xFF;
                int b = c & 0xFF;
                raw[p] = (byte) (r - prevR);
                raw[p + 1] = (byte) (g - prevG);
                raw[p + 2] = (byte) (b - prevB);
                prevR = r;
                prevG = g;
                prevB = b;
                if (alpha) {
                    int a = c >>> 24;
                    raw[p + 3] = (byte) (a - prevA);
                    prevA = a;
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 128);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8)
                .put((byte) (alpha ? 6 : 2)).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** zlib (RFC 1950) at the fastest level: what tiles can afford per frame. */
    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] buf = new byte[16 * 1024];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
