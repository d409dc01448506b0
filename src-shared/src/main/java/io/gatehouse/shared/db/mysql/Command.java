package io.gatehouse.shared.db.mysql;

import static io.gatehouse.shared.db.mysql.Capabilities.has;

import java.util.Optional;

/**
 * The client's commands after the handshake that Gatehouse understands: those that run SQL (to
 * audit them) and those that change the database or the user mid-session (to check them against
 * roles). Statement parameters are data and are not kept.
 */
public sealed interface Command {
    int QUIT = 0x01;
    int INIT_DB = 0x02;
    int QUERY = 0x03;
    int FIELD_LIST = 0x04;
    int STATISTICS = 0x09;
    int PING = 0x0e;
    int CHANGE_USER = 0x11;
    int STMT_PREPARE = 0x16;
    int STMT_EXECUTE = 0x17;
    int STMT_SEND_LONG_DATA = 0x18;
    int STMT_CLOSE = 0x19;
    int STMT_RESET = 0x1a;
    int SET_OPTION = 0x1b;
    int STMT_FETCH = 0x1c;
    int RESET_CONNECTION = 0x1f;
    /** MariaDB: one prepared statement executed for many rows of parameters. */
    int STMT_BULK_EXECUTE = 0xfa;

    record Query(String sql) implements Command {
    }

    /** COM_INIT_DB: switch to another database (what `USE db` does in the mysql client). */
    record InitDb(String database) implements Command {
    }

    /** COM_CHANGE_USER: log in again as another user, in the same connection. */
    record ChangeUser(String user, Optional<String> database) implements Command {
    }

    record StmtPrepare(String sql) implements Command {
    }

    record StmtExecute(long statementId) implements Command {
    }

    record StmtClose(long statementId) implements Command {
    }

    record Quit() implements Command {
    }

    /** Anything else (ping, statistics, long data, set option...), passed through. */
    record Other(int code) implements Command {
    }

    /** Parses a command packet; {@code capabilities} are what the connection agreed on. */
    static Command parse(byte[] payload, long capabilities) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(payload, "the client's command");
        int code = f.int1();
        return switch (code) {
            case QUERY -> new Query(f.restString());
            case INIT_DB -> new InitDb(f.restString());
            case STMT_PREPARE -> new StmtPrepare(f.restString());
            case STMT_EXECUTE -> new StmtExecute(f.int4());
            case STMT_CLOSE -> new StmtClose(f.int4());
            case QUIT -> new Quit();
            case CHANGE_USER -> changeUser(f, capabilities);
            default -> new Other(code);
        };
    }

    private static ChangeUser changeUser(MysqlWire.Fields f, long capabilities) throws MalformedMysqlPacket {
        String user = f.nulString();
        if (has(capabilities, Capabilities.SECURE_CONNECTION)) {
            f.bytes(f.int1()); // the password proof: never kept
        } else {
            f.nulString();
        }
        String database = f.remaining() > 0 ? f.nulOrEndString() : "";
        return new ChangeUser(user, Optional.of(database).filter(d -> !d.isEmpty()));
    }
}
