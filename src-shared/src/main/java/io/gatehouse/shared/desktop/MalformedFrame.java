package io.gatehouse.shared.desktop;

/**
 * A frame, or a length-prefixed stream of frames, that breaks the desktop protocol: too short for
 * its type, a length out of range, an OPEN that is not a JSON object. The one error the parsers
 * here let out; the receiver ends the session with a {@code protocol} error.
 */
public final class MalformedFrame extends Exception {
    public MalformedFrame(String message) {
        super(message, null, false, false);
    }
}
