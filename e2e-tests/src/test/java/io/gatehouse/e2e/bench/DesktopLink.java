package io.gatehouse.e2e.bench;

/**
 * A remote desktop the bench drives: keys and pointer in, screen updates out (into {@link #updates()}),
 * and the bytes received on its wire so far. Two kinds: the browser's WebSocket through Gatehouse,
 * and the RDP engine straight to the desktop (the baseline).
 */
interface DesktopLink extends AutoCloseable {
    String label();

    void key(int scancode, boolean down) throws Exception;

    void mouseMove(int x, int y) throws Exception;

    ScreenUpdates updates();

    /** Bytes received so far: WebSocket message payloads, or RDP PDUs (after TLS) for the engine. */
    long wireBytes();

    /** CPU time (ns) so far of the process doing the work on the far side of this wire, for the encode cost. */
    long serverCpuNanos();

    @Override
    void close();

    /** Types text with US scancodes (Shift where needed), key down then up, {@code gapMs} between keys. */
    default void type(String text, int gapMs) throws Exception {
        for (char c : text.toCharArray()) {
            UsKeyboard.Stroke s = UsKeyboard.stroke(c);
            if (s.shift()) {
                key(UsKeyboard.LEFT_SHIFT, true);
            }
            key(s.scancode(), true);
            key(s.scancode(), false);
            if (s.shift()) {
                key(UsKeyboard.LEFT_SHIFT, false);
            }
            Thread.sleep(gapMs);
        }
    }

    /** Ctrl-U: bash forgets the line typed so far. */
    default void clearLine() throws Exception {
        key(UsKeyboard.LEFT_CTRL, true);
        key(0x16, true);
        key(0x16, false);
        key(UsKeyboard.LEFT_CTRL, false);
    }
}
