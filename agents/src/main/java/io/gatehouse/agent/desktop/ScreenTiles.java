package io.gatehouse.agent.desktop;

import io.gatehouse.shared.desktop.ServerFrame;
import java.util.ArrayList;
import java.util.List;

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
    /** Per dirty cell, the changed part: a keystroke's echo is a few characters, not the whole cell. */
    private final int[] dirtyX0;
    private final int[] dirtyY0;
    private final int[] dirtyX1;
    private final int[] dirtyY1;
    private int dirtyCount;
    private long rawBytes;
    private long encodedBytes;

    ScreenTiles(int width, int height, int encoding) {
        if (encoding != ServerFrame.ENCODING_PNG && encoding != ServerFrame.ENCODING_ZLIB_RGBA) {
            throw new IllegalArgumentException("unknown tile encoding " + encoding);
        }
        this.width = width;
        this.height = height;
        this.encoding = encoding;
        this.pixels = new int[width * height];
        this.cols = (width + CELL - 1) / CELL;
        this.rows = (height + CELL - 1) / CELL;
        this.dirty = new boolean[cols * rows];
        this.dirtyX0 = new int[cols * rows];
        this.dirtyY0 = new int[cols * rows];
        this.dirtyX1 = new int[cols * rows];
        this.dirtyY1 = new int[cols * rows];
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
                mark(cy * cols + cx, x0, y0, x1, y1);
            }
        }
        notifyAll();
    }

    synchronized void markAll() {
        for (int i = 0; i < dirty.length; i++) {
            mark(i, 0, 0, width, height);
        }
        notifyAll();
    }

    /** Marks the part of {x0..x1) x [y0..y1) that lies in this cell. */
    private void mark(int cell, int x0, int y0, int x1, int y1) {
        int cx = (cell % cols) * CELL;
        int cy = (cell / cols) * CELL;
        int ax = Math.max(x0, cx);
        int ay = Math.max(y0, cy);
        int bx = Math.min(x1, Math.min(cx + CELL, width));
        int by = Math.min(y1, Math.min(cy + CELL, height));
        if (!dirty[cell]) {
            dirty[cell] = true;
            dirtyCount++;
            dirtyX0[cell] = ax;
            dirtyY0[cell] = ay;
            dirtyX1[cell] = bx;
            dirtyY1[cell] = by;
        } else {
            dirtyX0[cell] = Math.min(dirtyX0[cell], ax);
            dirtyY0[cell] = Math.min(dirtyY0[cell], ay);
            dirtyX1[cell] = Math.max(dirtyX1[cell], bx);
            dirtyY1[cell] = Math.max(dirtyY1[cell], by);
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
                int first = cy * cols + cx;
                if (!dirty[first]) {
                    continue;
                }
                int x0 = dirtyX0[first];
                int y0 = dirtyY0[first];
                int x1 = dirtyX1[first];
                int y1 = dirtyY1[first];
                int run = 0;
                while (cx + run < cols && run < MAX_RUN && dirty[first + run]) {
                    int c = first + run;
                    x1 = Math.max(x1, dirtyX1[c]);
                    y0 = Math.min(y0, dirtyY0[c]);
                    y1 = Math.max(y1, dirtyY1[c]);
                    dirty[c] = false;
                    dirtyCount--;
                    run++;
                }
                out.add(copy(x0, y0, x1 - x0, y1 - y0));
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
        byte[] data = encoding == ServerFrame.ENCODING_PNG ? png(r.w(), r.h(), r.argb()) : zlibRgba(r.argb());
        byte[] frame = new ServerFrame.Tile(r.x(), r.y(), r.w(), r.h(), encoding, data).write();
        synchronized (this) {
            rawBytes += 4L * r.w() * r.h();
            encodedBytes += frame.length;
        }
        return frame;
    }

    static byte[] png(int w, int h, int[] argb) {
        return PngEncoder.encode(w, h, argb, false);
    }

    /** For pointer images, whose transparency matters. */
    static byte[] pngWithAlpha(int w, int h, int[] argb) {
        return PngEncoder.encode(w, h, argb, true);
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
        return PngEncoder.deflate(rgba);
    }
}
