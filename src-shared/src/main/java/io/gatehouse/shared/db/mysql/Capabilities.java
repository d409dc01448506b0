package io.gatehouse.shared.db.mysql;

/** Capability flags both sides announce (the client's must be a subset of the server's to work). */
public final class Capabilities {
    /** Set by MySQL servers; a MariaDB server leaves it clear and puts extended flags at bit 32 and up. */
    public static final long CLIENT_MYSQL = 1;
    public static final long CONNECT_WITH_DB = 0x8;
    public static final long COMPRESS = 0x20;
    public static final long LOCAL_FILES = 0x80;
    public static final long PROTOCOL_41 = 0x200;
    public static final long SSL = 0x800;
    public static final long TRANSACTIONS = 0x2000;
    public static final long SECURE_CONNECTION = 0x8000;
    public static final long MULTI_STATEMENTS = 0x1_0000;
    public static final long MULTI_RESULTS = 0x2_0000;
    public static final long PS_MULTI_RESULTS = 0x4_0000;
    public static final long PLUGIN_AUTH = 0x8_0000;
    public static final long CONNECT_ATTRS = 0x10_0000;
    public static final long PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x20_0000;
    public static final long SESSION_TRACK = 0x80_0000;
    public static final long DEPRECATE_EOF = 0x100_0000;
    /** MariaDB: progress reports (ERR packets with code 0xffff) inside a long command's reply. */
    public static final long MARIADB_PROGRESS = 1L << 32;
    /** MariaDB: several commands in one packet (COM_MULTI). */
    public static final long MARIADB_COM_MULTI = 1L << 33;
    /** MariaDB: COM_STMT_BULK_EXECUTE. */
    public static final long MARIADB_STMT_BULK_OPERATIONS = 1L << 34;
    /** MariaDB: column definitions carry extended type information (same packets, more fields). */
    public static final long MARIADB_EXTENDED_METADATA = 1L << 35;
    /** MariaDB: a result of a prepared statement may skip its column definitions (a flag byte says). */
    public static final long MARIADB_CACHE_METADATA = 1L << 36;

    private Capabilities() {
    }

    public static boolean has(long flags, long flag) {
        return (flags & flag) != 0;
    }
}
