package io.gatehouse.auth.ca;

/** Start-up cannot go on: the message tells the operator what is wrong and what to do. */
public final class CaBootstrapException extends RuntimeException {
    public CaBootstrapException(String message) {
        super(message);
    }

    public CaBootstrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
