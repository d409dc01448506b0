package io.gatehouse.shared.db.postgres;

import java.io.IOException;

/** Bytes that are not the PostgreSQL protocol (v3) they claim to be; the connection ends with this message. */
public final class MalformedPgMessage extends IOException {
    public MalformedPgMessage(String message) {
        super(message);
    }
}
