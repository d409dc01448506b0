package io.gatehouse.proxy.db.mysql;

import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.Replies;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's side without a database: the OK that ends authentication (sequence = mysql.sequence
 * + 1), then each COM_QUERY echoed as a one-column, one-row result set (with or without EOF
 * packets, as the connection agreed); refuses the database 'archive'.
 */
final class FakeMysqlAgent implements ServiceChannels.Server {
    final List<String> queries = new CopyOnWriteArrayList<>();

    @Override
    public ServiceChannels.Decision open(ServiceRequest request) {
        if (request.param("db_name").equals("archive")) {
            return new ServiceChannels.Refused("Unknown database 'archive' on shop-db");
        }
        int sequence = Integer.parseInt(request.param("mysql.sequence"));
        long caps = Long.parseUnsignedLong(request.param("mysql.capabilities"));
        return new ServiceChannels.Serve((in, out) -> serve(in, out, sequence + 1,
                Capabilities.has(caps, Capabilities.DEPRECATE_EOF)));
    }

    private void serve(InputStream in, OutputStream out, int okSequence, boolean noEof) throws IOException {
        MysqlPackets.write(out, okSequence, Replies.ok(0, 2));
        out.flush();
        MysqlPackets packets = new MysqlPackets(in, 1 << 20);
        while (true) {
            MysqlPackets.Packet p;
            try {
                p = packets.read();
            } catch (EOFException e) {
                return;
            }
            if (p.first() == 0x01) {
                return; // COM_QUIT
            }
            if (p.first() != 0x03) {
                MysqlPackets.write(out, 1, Replies.ok(0, 2));
                out.flush();
                continue;
            }
            byte[] payload = p.payload();
            String sql = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
            queries.add(sql);
            if (sql.contains("agent dies")) {
                return; // the channel closes between packets, as when the agent is killed
            }
            int seq = 1;
            MysqlPackets.write(out, seq++, new byte[] {1});
            MysqlPackets.write(out, seq++, column("echo"));
            if (!noEof) {
                MysqlPackets.write(out, seq++, new byte[] {(byte) 0xfe, 0, 0, 2, 0});
            }
            MysqlPackets.write(out, seq++, lenenc("echo:" + sql));
            MysqlPackets.write(out, seq, noEof ? new byte[] {(byte) 0xfe, 0, 0, 2, 0, 0, 0}
                    : new byte[] {(byte) 0xfe, 0, 0, 2, 0});
            out.flush();
        }
    }

    /** Protocol::ColumnDefinition41 of a VAR_STRING column. */
    private static byte[] column(String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(lenenc("def"));
        b.writeBytes(lenenc(""));
        b.writeBytes(lenenc(""));
        b.writeBytes(lenenc(""));
        b.writeBytes(lenenc(name));
        b.writeBytes(lenenc(""));
        b.write(0x0c);
        b.writeBytes(new byte[] {45, 0}); // utf8mb4
        b.writeBytes(new byte[] {(byte) 0xff, 0, 0, 0}); // length
        b.write(0xfd); // VAR_STRING
        b.writeBytes(new byte[] {0, 0}); // flags
        b.write(0x1f); // decimals
        b.writeBytes(new byte[] {0, 0});
        return b.toByteArray();
    }

    private static byte[] lenenc(String s) {
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        if (v.length >= 0xfb) {
            throw new IllegalArgumentException("the fake agent echoes short queries only");
        }
        byte[] out = new byte[v.length + 1];
        out[0] = (byte) v.length;
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }
}
