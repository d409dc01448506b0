package io.gatehouse.rdp;

import java.time.Duration;

/**
 * Where and as whom to connect. {@code colorDepth} is 16, 24 or 32 (xrdp answers 32 with planar
 * bitmaps and 15/16/24 with interleaved RLE); {@code bitmapCompression} false asks for raw bitmaps.
 * {@code timeout} bounds each step of the connection sequence.
 */
public record RdpSettings(String host, int port, String username, String password, String domain, int width,
        int height, int colorDepth, boolean bitmapCompression, Duration timeout) {
    public RdpSettings {
        if (width < 200 || width > 8192 || height < 200 || height > 8192) {
            throw new IllegalArgumentException("desktop size " + width + "x" + height + " is out of range (200..8192)");
        }
        if (colorDepth != 15 && colorDepth != 16 && colorDepth != 24 && colorDepth != 32) {
            throw new IllegalArgumentException("colour depth " + colorDepth + " is not one of 15, 16, 24, 32");
        }
    }

    @Override
    public String toString() {
        // never the password
        return "RdpSettings[" + username + "@" + host + ":" + port + ", " + width + "x" + height + "x" + colorDepth + "]";
    }
}
