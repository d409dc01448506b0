package io.gatehouse.shared.db.mysql;

import java.io.IOException;

/** Bytes that are not the MySQL/MariaDB client/server protocol they claim to be. */
public final class MalformedMysqlPacket extends IOException {
    public MalformedMysqlPacket(String message) {
        super(message);
    }
}
