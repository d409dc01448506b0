package io.gatehouse.rdp;

/**
 * What the server shows. Called on the client's reader thread, in order; a listener must not
 * block for long (the server's next PDU waits).
 */
public interface RdpListener {
    /** The connection sequence finished (again, after a deactivate/reactivate): the desktop's size. */
    void onConnected(int width, int height);

    /**
     * A decoded rectangle of the screen: {@code argb} holds width*height pixels, rows top-down,
     * 0xAARRGGBB with alpha 0xFF. The array is the listener's to keep.
     */
    void onBitmap(int x, int y, int width, int height, int[] argb);

    void onPointerPosition(int x, int y);

    /** A pointer image (argb as in onBitmap; alpha meaningful), its hot spot. */
    void onPointerShape(int hotX, int hotY, int width, int height, int[] argb);

    /** The pointer is hidden ({@code hidden}) or the system default. */
    void onPointerSystem(boolean hidden);

    /**
     * The desktop accepted the login: it said so (Windows' logon notification) or, for xrdp, showed
     * a desktop rather than its login dialog. Called at most once, after the first onConnected. A
     * refused login ends the session with onClosed(LOGON_FAILED) instead.
     */
    default void onLoggedOn() {
    }

    /** Text the remote side put on its clipboard (if the engine supports the clipboard channel). */
    default void onClipboardText(String text) {
    }

    /** The session ended; called once. */
    void onClosed(RdpClosed why);
}
