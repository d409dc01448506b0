package io.gatehouse.proxy.browser;

import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import java.util.Optional;

/** What a {@link BrowserConnection} may do with its socket; every way of ending it goes through here. */
public interface BrowserSocket {
    /** For relaying: write, pause, resume, remote address. Not for closing (use the methods below). */
    ServerWebSocket ws();

    /** Ends the socket with the refusal message {"type":"error","code","message"}; no-op once ended. */
    void end(String code, String message);

    /** Ends the socket with a last message of the feature's own ({"type":"closed","exit_status":0}). */
    void finish(Map<String, Object> last);

    /** Ends the socket without a word (the target ended normally and its last words were relayed). */
    void close();

    boolean isClosed();

    /**
     * Whether the access the socket was opened with has just ended (certificate or access request;
     * asks auth, call off the event loop): the target closes its side at the same moments, and this
     * says why better than "the target went away".
     */
    Optional<SessionWatch.Ended> endedNow();
}
