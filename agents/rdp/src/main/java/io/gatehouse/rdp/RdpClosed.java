package io.gatehouse.rdp;

/**
 * Why a session ended, with a message for a person (what happened, what to do).
 * {@code LOGON_FAILED}: the server rejected the credential (or, for xrdp, showed its login screen
 * again instead of the session).
 */
public record RdpClosed(Reason reason, String message) {
    public enum Reason {
        CLIENT_CLOSED, SERVER_DISCONNECTED, LOGON_FAILED, NETWORK, PROTOCOL
    }
}
