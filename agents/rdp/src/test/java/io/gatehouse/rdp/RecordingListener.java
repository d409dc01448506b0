package io.gatehouse.rdp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records what the engine reports, as short strings, plus the pixels of the last bitmap and pointer. */
public class RecordingListener implements RdpListener {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final CountDownLatch closed = new CountDownLatch(1);
    public volatile RdpClosed closedWith;
    public volatile int[] lastBitmap;
    public volatile int[] lastPointer;

    @Override
    public void onConnected(int width, int height) {
        events.add("connected " + width + "x" + height);
    }

    @Override
    public void onBitmap(int x, int y, int width, int height, int[] argb) {
        events.add("bitmap " + x + "," + y + " " + width + "x" + height);
        lastBitmap = argb;
    }

    @Override
    public void onPointerPosition(int x, int y) {
        events.add("pointer at " + x + "," + y);
    }

    @Override
    public void onPointerShape(int hotX, int hotY, int width, int height, int[] argb) {
        events.add("pointer " + width + "x" + height + " hot " + hotX + "," + hotY);
        lastPointer = argb;
    }

    @Override
    public void onPointerSystem(boolean hidden) {
        events.add(hidden ? "pointer hidden" : "pointer default");
    }

    @Override
    public void onClipboardText(String text) {
        events.add("clipboard " + text);
    }

    @Override
    public void onClosed(RdpClosed why) {
        events.add("closed " + why.reason());
        closedWith = why;
        closed.countDown();
    }
}
