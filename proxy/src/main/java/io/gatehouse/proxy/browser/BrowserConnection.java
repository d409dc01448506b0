package io.gatehouse.proxy.browser;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A feature's side of one browser socket, driven by {@link BrowserBridge}: page messages in from
 * the event loop, one blocking {@link #open} on a virtual thread, one {@link #close} at the end.
 */
public interface BrowserConnection {
    /**
     * A binary message from the page (at most 64 KiB). It may come before {@link #open} has
     * finished: queue it (ChannelInput does) rather than drop it.
     */
    void fromPage(Buffer message);

    /** A control message after the auth message ({"type":"resize",...}, or one this end does not know). */
    default void control(BrowserMessage message) {
    }

    /**
     * The proxy's own check, then the dial: blocks (auth calls, the SSH login). Throws {@link Refused}
     * for a refusal with its code (the bridge audits it through the feature and tells the page), any
     * other exception for a failure to reach the target ({@link #cannotOpen} words it).
     */
    void open(BrowserCaller caller) throws IOException;

    /** The page's message when {@link #open} failed to reach the target: name it and say what to do. */
    String cannotOpen(Exception e);

    /** Releases what open() opened; called once, whoever ends the socket, also when open() never ran. */
    void close();
}
