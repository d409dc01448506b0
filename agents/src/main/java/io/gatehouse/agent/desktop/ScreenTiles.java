package io.gatehouse.agent.desktop;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * The agent's copy of the remote screen, and what of it the browser has not seen yet. The RDP
 * reader paints into it; the sender takes the changed cells as TILE frames when it is ready for
 * more. Changes that arrive while the browser's connection is busy merge into the same dirty
 * cells instead of queueing, so a slow link shows the latest screen rather than falling behind.
 */
final class ScreenTiles {
    static final int CELL = 64;
    /** Dirty cells side by side in one row go out as one tile, up to this many. */
    private static final int MAX_RUN = 8;

    private final int width;
    private final int height;
    private final int encoding;
    private final int[] pixels;
    private final int cols;
    private final int rows;
    private final boolean[] dirty;
    private int dirtyCount;
    private long rawBytes;
    private long encodedBytes;

    ScreenTiles(int width, int height, int encoding) {
        if (encoding != Frames.ENCODING_PNG && encoding != Frames.ENCODING_ZLIB_RGBA) {
            throw new IllegalArgumentException("unknown tile encoding " + encoding);
        }
        this.width = width;
        this.height = height;
        this.encoding = encoding;
        this.pixels = new int[width * height];
        this.cols = (width + CELL - 1) / CELL;
        this.rows = (height + CELL - 1) / CELL;
        this.dirty = new boolean[cols * rows];
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Copies a decoded rectangle in (clipped to the screen) and marks its cells changed. */
    synchronized void paint(int x, int y, int w, int h, int[] argb) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        if (x0 >= x1 || y0 >= y1 || argb.length < w * h) {
            return;
        }
        for (int row = y0; row < y1; row++) {
            System.arraycopy(argb, (row - y) * w + (x0 - x), pixels, row * width + x0, x1 - x0);
        }
        for (int cy = y0 / CELL; cy <= (y1 - 1) / CELL; cy++) {
            for (int cx = x0 / CELL; cx <= (x1 - 1) / CELL; cx++) {
                mark(cy * cols + cx);
            }
        }
        notifyAll();
    }

    synchronized void markAll() {
        for (int i = 0; i < dirty.length; i++) {
            mark(i);
        }
        notifyAll();
    }

    private void mark(int cell) {
        if (!dirty[cell]) {
            dirty[cell] = true;
            dirtyCount++;
        }
    }

    /** Waits up to {@code millis} for a change; true if there is one. */
    synchronized boolean awaitChange(long millis) throws InterruptedException {
        if (dirtyCount == 0 && millis > 0) {
            wait(millis);
        }
        return dirtyCount > 0;
    }

    /** The changed regions as encoded TILE frames, oldest state cleared. */
    List<byte[]> takeFrames() {
        List<Region> regions = takeRegions();
        List<byte[]> frames = new ArrayList<>(regions.size());
        for (Region r : regions) {
            frames.add(encode(r));
        }
        return frames;
    }

    synchronized long rawBytes() {
        return rawBytes;
    }

    synchronized long encodedBytes() {
        return encodedBytes;
    }

    private record Region(int x, int y, int w, int h, int[] argb) {
    }

    private synchronized List<Region> takeRegions() {
        List<Region> out = new ArrayList<>();
        for (int cy = 0; cy < rows && dirtyCount > 0; cy++) {
            for (int cx = 0; cx < cols; cx++) {
                if (!dirty[cy * cols + cx]) {
                    continue;
                }
                int run = 0;
                while (cx + run < cols && run < MAX_RUN && dirty[cy * cols + cx + run]) {
                    dirty[cy * cols + cx + run] = false;
                    dirtyCount--;
                    run++;
                }
                out.add(copy(cx * CELL, cy * CELL, Math.min(run * CELL, width - cx * CELL),
                        Math.min(CELL, height - cy * CELL)));
                cx += run - 1;
            }
        }
        return out;
    }

    private Region copy(int x, int y, int w, int h) {
        int[] argb = new int[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(pixels, (y + row) * width + x, argb, row * w, w);
        }
        return new Region(x, y, w, h, argb);
    }

    private byte[] encode(Region r) {
        byte[] data = encoding == Frames.ENCODING_PNG ? png(r.w(), r.h(), r.argb()) : zlibRgba(r.argb());
        byte[] frame = Frames.tile(r.x(), r.y(), r.w(), r.h(), encoding, data, data.length);
        synchronized (this) {
            rawBytes += 4L * r.w() * r.h();
            encodedBytes += frame.length;
        }
        return frame;
    }

    static byte[] png(int w, int h, int[] argb) {
        return png(w, h, argb, BufferedImage.TYPE_INT_RGB);
    }

    /** For pointer images, whose transparency matters. */
    static byte[] pngWithAlpha(int w, int h, int[] argb) {
        return png(w, h, argb, BufferedImage.TYPE_INT_ARGB);
    }

    private static byte[] png(int w, int h, int[] argb, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        image.setRGB(0, 0, w, h, argb, 0, w);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
        return out.toByteArray();
    }

    static byte[] zlibRgba(int[] argb) {
        byte[] rgba = new byte[argb.length * 4];
        for (int i = 0, o = 0; i < argb.length; i++, o += 4) {
            int p = argb[i];
            rgba[o] = (byte) (p >> 16);
            rgba[o + 1] = (byte) (p >> 8);
            rgba[o + 2] = (byte) p;
            rgba[o + 3] = (byte) 0xFF;
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(rgba);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(rgba.length / 8 + 64);
            byte[] buf = new byte[16 * 1024];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
