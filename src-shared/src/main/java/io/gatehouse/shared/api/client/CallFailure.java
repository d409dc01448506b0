package io.gatehouse.shared.api.client;

import io.gatehouse.shared.api.ApiError;
import java.io.IOException;

/**
 * Why one API call did not give an answer to use, as a value: the transport produces it, an
 * {@link ErrorMapping} turns it into the exception its caller handles (the proxy and agents
 * {@link AuthCallException}, the CLI its exit-coded errors). {@code target} is the server's base
 * address ("https://host:port"), never a credential.
 */
public sealed interface CallFailure {
    String target();

    /** No answer: nothing listens, the TLS handshake failed, the connection broke or timed out. */
    record Unreachable(String target, IOException cause) implements CallFailure {
        public String reason() {
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    /** The calling thread was interrupted while waiting. */
    record Interrupted(String target) implements CallFailure {
    }

    /**
     * The server answered with an error status. {@code error} is what its body said (code,
     * message for a person, problems, retry_at), or null when the body carried no error object.
     */
    record Refused(String target, int status, ApiError error) implements CallFailure {
        public String code(String fallback) {
            return error == null || error.code() == null || error.code().isBlank() ? fallback : error.code();
        }

        public String message(String fallback) {
            return error == null || error.message() == null || error.message().isBlank() ? fallback : error.message();
        }
    }

    /** The answer (with this status) was not JSON, or not of the shape the call expects. */
    record Unreadable(String target, int status, String problem) implements CallFailure {
        static final String NOT_JSON = "the answer is not JSON";

        /** Not JSON at all (a web page, another service), rather than JSON of another shape. */
        public boolean notJson() {
            return NOT_JSON.equals(problem);
        }
    }

    /** The request itself could not be written (a body that does not encode as JSON). */
    record Unsendable(String target, String problem) implements CallFailure {
    }
}
