package io.gatehouse.rdp.output;

import io.gatehouse.rdp.RdpListener;
import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the server's output (slow-path update and pointer PDUs, fast-path updates) into listener
 * calls: decoded and cropped bitmaps, pointer positions and images. Keeps the pointer cache, which
 * cached-pointer updates refer to by index.
 */
public final class ScreenUpdates {
    private static final int UPDATETYPE_BITMAP = 0x0001;
    private static final int FASTPATH_BITMAP = 0x1;
    /** Bound on the pointer cache whatever indexes the server uses (we advertise 25). */
    private static final int POINTER_CACHE_LIMIT = 64;
    private static final long MAX_PIXELS = 1L << 24;

    /** A decoded pointer image, kept for cached-pointer updates. */
    private record Pointer(int hotX, int hotY, int width, int height, int[] argb) {
    }

    private final RdpListener listener;
    private final BitmapDecoder decoder;
    private final Map<Integer, Pointer> pointers = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Pointer> eldest) {
            return size() > POINTER_CACHE_LIMIT;
        }
    };
    private long bitmapCount;

    public ScreenUpdates(RdpListener listener, BitmapDecoder decoder) {
        this.listener = listener;
        this.decoder = decoder;
    }

    /** Bitmap rectangles passed to the listener so far. */
    public long bitmapCount() {
        return bitmapCount;
    }

    /** Slow-path TS_UPDATE payload (share data type UPDATE): bitmaps; orders, palette and sync ignored. */
    public void slowPathUpdate(ByteReader r) throws RdpProtocolException {
        // Orders (type 0) are not advertised, so a server sending some anyway draws nothing we can show.
        if (r.u16le("updateType") == UPDATETYPE_BITMAP) {
            bitmaps(BitmapRect.parseRectangles(r));
        }
    }

    /** Slow-path TS_POINTER_PDU payload. */
    public void slowPathPointer(ByteReader r) throws RdpProtocolException {
        pointer(PointerUpdate.parseSlowPath(r));
    }

    /** One whole fast-path update. Palette, synchronize, orders and surface commands are ignored. */
    public void fastPath(FastPathOutput.Update update) throws RdpProtocolException {
        ByteReader r = new ByteReader(update.data(), "fast-path update " + update.code());
        if (update.code() == FASTPATH_BITMAP) {
            bitmaps(BitmapRect.parseUpdate(r));
            return;
        }
        PointerUpdate p = PointerUpdate.parseFastPath(update.code(), r);
        if (p != null) {
            pointer(p);
        }
    }

    private void bitmaps(List<BitmapRect> rects) throws RdpProtocolException {
        for (BitmapRect rect : rects) {
            if ((long) rect.width() * rect.height() > MAX_PIXELS || rect.width() == 0 || rect.height() == 0) {
                throw new RdpProtocolException("bitmap update: a bitmap of " + rect.width() + "x" + rect.height()
                        + " is empty or too large");
            }
            int[] argb = decode(rect);
            if (argb.length < rect.width() * rect.height()) {
                throw new RdpProtocolException("bitmap update: the decoder returned " + argb.length + " pixels for "
                        + rect.width() + "x" + rect.height());
            }
            int w = rect.visibleWidth();
            int h = rect.visibleHeight();
            bitmapCount++;
            listener.onBitmap(rect.destLeft(), rect.destTop(), w, h, crop(argb, rect.width(), w, h));
        }
    }

    private int[] decode(BitmapRect rect) throws RdpProtocolException {
        try {
            return decoder.decode(rect);
        } catch (RuntimeException e) {
            // A decoder bug must not take the parser's guarantee with it: report it as a bad PDU.
            throw new RdpProtocolException("bitmap update: " + rect.bpp() + " bpp " + (rect.compressed() ? "compressed"
                    : "raw") + " bitmap of " + rect.width() + "x" + rect.height() + " failed to decode: " + e, e);
        }
    }

    private static int[] crop(int[] argb, int stride, int w, int h) {
        if (w == stride && argb.length == w * h) {
            return argb;
        }
        int[] out = new int[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(argb, row * stride, out, row * w, w);
        }
        return out;
    }

    private void pointer(PointerUpdate update) throws RdpProtocolException {
        switch (update) {
            case PointerUpdate.Position p -> listener.onPointerPosition(p.x(), p.y());
            case PointerUpdate.System s -> listener.onPointerSystem(s.hidden());
            case PointerUpdate.Shape s -> {
                if (s.width() == 0 || s.height() == 0) {
                    listener.onPointerSystem(true);
                    return;
                }
                Pointer p = new Pointer(s.hotX(), s.hotY(), s.width(), s.height(), decodePointer(s));
                pointers.put(s.cacheIndex(), p);
                show(p);
            }
            case PointerUpdate.Cached c -> {
                Pointer p = pointers.get(c.cacheIndex());
                if (p == null) {
                    throw new RdpProtocolException("cached pointer update: slot " + c.cacheIndex() + " is empty");
                }
                show(p);
            }
        }
    }

    private void show(Pointer p) {
        listener.onPointerShape(p.hotX(), p.hotY(), p.width(), p.height(), p.argb().clone());
    }

    private static int[] decodePointer(PointerUpdate.Shape s) throws RdpProtocolException {
        try {
            return io.gatehouse.rdp.bitmap.PointerImage.decode(s.xorBpp(), s.width(), s.height(), s.xorMask(),
                    s.andMask());
        } catch (RuntimeException e) {
            throw new RdpProtocolException("pointer update: a " + s.width() + "x" + s.height() + " pointer at "
                    + s.xorBpp() + " bpp failed to decode: " + e, e);
        }
    }
}
