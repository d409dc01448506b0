package io.gatehouse.agent.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.desktop.FrameType;
import io.gatehouse.shared.desktop.ServerFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ScreenTilesTest {
    record Tile(int x, int y, int w, int h, int encoding, byte[] data) {
        static Tile of(byte[] frame) {
            ByteBuffer b = ByteBuffer.wrap(frame);
            assertEquals(FrameType.TILE.code(), b.get());
            int x = b.getShort() & 0xFFFF;
            int y = b.getShort() & 0xFFFF;
            int w = b.getShort() & 0xFFFF;
            int h = b.getShort() & 0xFFFF;
            int enc = b.get();
            byte[] data = Arrays.copyOfRange(frame, b.position(), frame.length);
            return new Tile(x, y, w, h, enc, data);
        }
    }

    @Test
    void aPaintedRectangleComesBackAsTilesWithTheSamePixels() throws Exception {
        for (int encoding : new int[] {ServerFrame.ENCODING_PNG, ServerFrame.ENCODING_ZLIB_RGBA}) {
            ScreenTiles screen = new ScreenTiles(300, 200, encoding);
            int[] pixels = new int[70 * 10];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 0xFF000000 | (i * 7919);
            }
            screen.paint(60, 60, 70, 10, pixels);
            assertTrue(screen.awaitChange(0));
            List<byte[]> frames = screen.takeFrames();
            int[] back = new int[300 * 200];
            for (byte[] f : frames) {
                Tile t = Tile.of(f);
                int[] argb = encoding == ServerFrame.ENCODING_PNG ? png(t) : zlib(t);
                for (int row = 0; row < t.h(); row++) {
                    System.arraycopy(argb, row * t.w(), back, (t.y() + row) * 300 + t.x(), t.w());
                }
            }
            for (int row = 0; row < 10; row++) {
                for (int col = 0; col < 70; col++) {
                    assertEquals(pixels[row * 70 + col], back[(60 + row) * 300 + 60 + col], "encoding " + encoding
                            + " pixel " + col + "," + row);
                }
            }
            // The rectangle touches cells (0..2, 0..1): one run per cell row, nothing else.
            assertEquals(2, frames.size());
            assertFalse(screen.awaitChange(0), "taken cells are clean");
        }
    }

    @Test
    void paintOutsideTheScreenIsClippedNotAnError() throws Exception {
        ScreenTiles screen = new ScreenTiles(100, 100, ServerFrame.ENCODING_ZLIB_RGBA);
        screen.paint(90, 90, 20, 20, new int[400]);
        screen.paint(-50, -50, 10, 10, new int[100]);
        screen.paint(0, 0, 10, 10, new int[3]); // too few pixels for the size: ignored
        List<byte[]> frames = screen.takeFrames();
        assertEquals(1, frames.size());
        Tile t = Tile.of(frames.get(0));
        assertEquals(90, t.x(), "only the changed part of the cell");
        assertEquals(90, t.y());
        assertEquals(10, t.w());
        assertEquals(10, t.h());
    }

    @Test
    void changesWhileBusyMergeIntoTheLatestPicture() throws Exception {
        ScreenTiles screen = new ScreenTiles(64, 64, ServerFrame.ENCODING_ZLIB_RGBA);
        int[] red = new int[64 * 64];
        Arrays.fill(red, 0xFFFF0000);
        int[] blue = new int[64 * 64];
        Arrays.fill(blue, 0xFF0000FF);
        screen.paint(0, 0, 64, 64, red);
        screen.paint(0, 0, 64, 64, blue);
        List<byte[]> frames = screen.takeFrames();
        assertEquals(1, frames.size(), "two paints of one cell: one tile");
        assertArrayEquals(blue, zlib(Tile.of(frames.get(0))));
    }

    private static int[] png(Tile t) throws Exception {
        assertEquals(ServerFrame.ENCODING_PNG, t.encoding());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(t.data()));
        return image.getRGB(0, 0, t.w(), t.h(), null, 0, t.w());
    }

    private static int[] zlib(Tile t) throws Exception {
        assertEquals(ServerFrame.ENCODING_ZLIB_RGBA, t.encoding());
        Inflater inflater = new Inflater();
        inflater.setInput(t.data());
        byte[] rgba = new byte[t.w() * t.h() * 4];
        assertEquals(rgba.length, inflater.inflate(rgba));
        int[] argb = new int[t.w() * t.h()];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (rgba[i * 4 + 3] & 0xFF) << 24 | (rgba[i * 4] & 0xFF) << 16 | (rgba[i * 4 + 1] & 0xFF) << 8
                    | (rgba[i * 4 + 2] & 0xFF);
        }
        return argb;
    }
}
