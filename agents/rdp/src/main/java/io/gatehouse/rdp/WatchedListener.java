package io.gatehouse.rdp;

/** Passes every event to the caller's listener and shows the screen traffic to the logon watch. */
final class WatchedListener implements RdpListener {
    private final RdpListener target;
    private final LogonWatch watch;

    WatchedListener(RdpListener target, LogonWatch watch) {
        this.target = target;
        this.watch = watch;
    }

    @Override
    public void onConnected(int width, int height) {
        target.onConnected(width, height);
    }

    @Override
    public void onBitmap(int x, int y, int width, int height, int[] argb) {
        target.onBitmap(x, y, width, height, argb);
        watch.onBitmap(x, y, width, height);
    }

    @Override
    public void onPointerPosition(int x, int y) {
        target.onPointerPosition(x, y);
    }

    @Override
    public void onPointerShape(int hotX, int hotY, int width, int height, int[] argb) {
        target.onPointerShape(hotX, hotY, width, height, argb);
    }

    @Override
    public void onPointerSystem(boolean hidden) {
        target.onPointerSystem(hidden);
    }

    @Override
    public void onLoggedOn() {
        target.onLoggedOn();
    }

    @Override
    public void onClipboardText(String text) {
        target.onClipboardText(text);
    }

    @Override
    public void onClosed(RdpClosed why) {
        target.onClosed(why);
    }
}
