package io.gatehouse.rdp;

/**
 * A PDU that does not parse: truncated, a length that points past the data, a value the
 * specification does not allow. Every parser in this module throws this (never an index or
 * buffer exception from deep inside), with a message that names the PDU and the field.
 */
public final class RdpProtocolException extends Exception {
    public RdpProtocolException(String message) {
        super(message);
    }

    public RdpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
