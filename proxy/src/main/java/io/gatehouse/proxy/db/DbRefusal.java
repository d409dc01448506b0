package io.gatehouse.proxy.db;

/**
 * Why the proxy refuses a database connection, for the person at the client (sent in the client's
 * own protocol) and for the audit log. {@code kind} picks the protocol's code where it has two
 * (MySQL: 1045 for the user, 1044 for the database).
 */
public final class DbRefusal extends Exception {
    /** What was refused: the user (who, or no certificate) or the database asked for. */
    public enum Kind {
        USER, DATABASE
    }

    private final Kind kind;
    private final String user;

    public DbRefusal(Kind kind, String user, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.user = user;
    }

    public Kind kind() {
        return kind;
    }

    /** The certificate's user, or empty when there was none. */
    public String user() {
        return user;
    }
}
