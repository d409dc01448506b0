package io.gatehouse.rdp.nla;

import java.io.IOException;

/**
 * A CredSSP or NTLM message from the server that does not parse: truncated, a length that points
 * past the data, a tag or value the specification does not allow. Every parser in this package
 * throws this (never an index or buffer exception), with a message naming the structure and the
 * field; {@link CredSsp} adds which answer of the exchange it was.
 */
final class MalformedMessageException extends IOException {
    MalformedMessageException(String message) {
        super(message);
    }
}
