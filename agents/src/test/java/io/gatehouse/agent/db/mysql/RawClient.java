package io.gatehouse.agent.db.mysql;

import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.Command;
import io.gatehouse.shared.db.mysql.Handshake;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.MysqlWire;
import io.gatehouse.shared.db.mysql.Replies;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** A client written byte by byte, for what the real clients cannot be made to send (COM_CHANGE_USER). */
final class RawClient {
    static final long CAPABILITIES = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.CONNECT_WITH_DB | Capabilities.DEPRECATE_EOF
            | Capabilities.TRANSACTIONS | Capabilities.MULTI_STATEMENTS | Capabilities.MULTI_RESULTS;

    /** The server's answer to COM_CHANGE_USER, and what SELECT 1 returns afterwards. */
    record Result(int errorCode, String message, String afterwards) {
    }

    private RawClient() {
    }

    static Result changeUser(int port, String user, String database, String newUser) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            MysqlPackets in = login(s, user, database);
            OutputStream out = s.getOutputStream();
            byte[] change = new MysqlWire.Payload().int1(Command.CHANGE_USER).nulString(newUser).int1(0)
                    .nulString("other").fixed(45, 2).nulString("mysql_native_password").toBytes();
            MysqlPackets.write(out, 0, change);
            MysqlPackets.Packet reply = in.read();
            Replies.Error err = Replies.errorOf(reply.payload());
            MysqlPackets.write(out, 0, new MysqlWire.Payload().int1(Command.QUERY).string("SELECT 1").toBytes());
            in.read(); // column count
            in.read(); // column definition
            MysqlPackets.Packet row = in.read();
            in.read(); // the OK that ends the rows
            MysqlPackets.write(out, 0, new byte[] {Command.QUIT});
            String value = new MysqlWire.Fields(row.payload(), "row").lenencString();
            return new Result(err.code(), err.message(), value);
        }
    }

    /**
     * Sends three commands at once (a slow query, COM_INIT_DB {@code refusedDb}, a quick query) and
     * returns the first byte and sequence number of every packet of the replies, in order.
     */
    static java.util.List<String> pipelined(int port, String user, String database, String refusedDb)
            throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            MysqlPackets in = login(s, user, database);
            var all = new java.io.ByteArrayOutputStream();
            MysqlPackets.write(all, 0, new MysqlWire.Payload().int1(Command.QUERY).string("SELECT SLEEP(0.3)").toBytes());
            MysqlPackets.write(all, 0, new MysqlWire.Payload().int1(Command.INIT_DB).string(refusedDb).toBytes());
            MysqlPackets.write(all, 0, new MysqlWire.Payload().int1(Command.QUERY).string("SELECT 'third'").toBytes());
            s.getOutputStream().write(all.toByteArray());
            java.util.List<String> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) { // 4 + 1 + 4 packets
                MysqlPackets.Packet p = in.read();
                seen.add(String.format("%02x/%d", p.first(), p.sequence()));
            }
            return seen;
        }
    }

    /** Sends {@code sql} as given (any bytes) in one COM_QUERY; the first reply packet's error, if it is one. */
    static Optional<Replies.Error> query(int port, String user, String database, byte[] sql) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            MysqlPackets in = login(s, user, database);
            MysqlPackets.write(s.getOutputStream(), 0, new MysqlWire.Payload().int1(Command.QUERY).bytes(sql).toBytes());
            MysqlPackets.Packet reply = in.read();
            return reply.first() == Replies.ERR ? Optional.of(Replies.errorOf(reply.payload())) : Optional.empty();
        }
    }

    /**
     * Sends {@code sql} as a COM_QUERY numbered {@code sequence} (not the 0 a command has), then asks
     * SELECT DATABASE() properly; returns the first byte of the first reply and the database.
     */
    static String outOfSequence(int port, String user, String database, int sequence, String sql)
            throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            MysqlPackets in = login(s, user, database);
            OutputStream out = s.getOutputStream();
            MysqlPackets.write(out, sequence, new MysqlWire.Payload().int1(Command.QUERY).string(sql).toBytes());
            out.flush();
            s.setSoTimeout(2_000);
            String first;
            try {
                MysqlPackets.Packet p = in.read();
                first = p.first() == Replies.ERR ? "ERR " + Replies.errorOf(p.payload()).code() : "0x"
                        + Integer.toHexString(p.first());
            } catch (java.net.SocketTimeoutException e) {
                first = "nothing";
            } catch (IOException e) {
                return "closed";
            }
            MysqlPackets.write(out, 0, new MysqlWire.Payload().int1(Command.QUERY).string("SELECT DATABASE()")
                    .toBytes());
            try {
                in.read();
                in.read();
                String db = new MysqlWire.Fields(in.read().payload(), "row").lenencString();
                return first + ", then " + db;
            } catch (IOException e) {
                return first + ", then closed";
            }
        }
    }

    /** Logs in on {@code s} and leaves the connection open. */
    static void loginOnly(Socket s, String user, String database) throws IOException {
        login(s, user, database);
    }

    private static MysqlPackets login(Socket s, String user, String database) throws IOException {
        s.setSoTimeout(10_000);
        MysqlPackets in = new MysqlPackets(new BufferedInputStream(s.getInputStream()), 1 << 20);
        Handshake.parse(in.read().payload());
        var login = new HandshakeResponse(CAPABILITIES, 1 << 24, 45, user, new byte[0], Optional.of(database),
                "mysql_native_password", Map.of());
        MysqlPackets.write(s.getOutputStream(), 1, login.toPayload());
        MysqlPackets.Packet ok = in.read();
        if (ok.first() != Replies.OK || ok.sequence() != 2) {
            throw new IOException("login failed: " + ok + " " + new String(ok.payload(), StandardCharsets.UTF_8));
        }
        return in;
    }
}
