package io.gatehouse.rdp;

import java.io.IOException;

/**
 * The connection sequence did not reach an active session. {@link #reason()} says which kind of
 * failure for code; the message says what happened and what to do, for a person (never a password).
 */
public final class RdpConnectException extends IOException {
    public enum Reason {
        /** No TCP connection: unknown host, refused, no route. */
        UNREACHABLE,
        /** The TLS handshake failed. */
        TLS,
        /**
         * The server's TLS certificate is not the one the settings trust (pin, CA and name): the
         * handshake was aborted before anything secret was sent.
         */
        UNTRUSTED,
        /**
         * The server and the engine agree on no security protocol (including a server that picks
         * TLS-only when the settings require NLA), licensing or NLA step.
         */
        NEGOTIATION,
        /** The desktop refused the credential. */
        LOGON_FAILED,
        /** The server sent something that does not parse, or closed the connection mid-sequence. */
        PROTOCOL,
        /** A step of the sequence took longer than {@link RdpSettings#timeout()}. */
        TIMEOUT
    }

    private final Reason reason;

    public RdpConnectException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RdpConnectException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
