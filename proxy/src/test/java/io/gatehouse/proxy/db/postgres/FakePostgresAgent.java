package io.gatehouse.proxy.db.postgres;

import io.gatehouse.shared.db.postgres.BackendMessage;
import io.gatehouse.shared.db.postgres.PgMessage;
import io.gatehouse.shared.db.postgres.PgMessageReader;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's side as the contract describes it, without a database: answers a session with the
 * post-authentication sequence (its own cancel key), echoes each simple query back as a one-row
 * result, holds a query with pg_sleep until its cancel arrives, goes away on 'agent dies', and refuses
 * the database 'archive'.
 */
final class FakePostgresAgent implements ServiceChannels.Server {
    static final int PROCESS_ID = 4242;
    static final byte[] SECRET = {0x11, 0x22, 0x33, 0x44};
    /** Larger than any buffer on the way: the proxy passes it on in pieces. */
    static final int BIG_ROW = 3 * 1024 * 1024 + 17;

    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<String> cancels = new CopyOnWriteArrayList<>();
    final CountDownLatch sleeping = new CountDownLatch(1);
    private final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public ServiceChannels.Decision open(ServiceRequest request) {
        String cancel = request.param("pg.cancel");
        if (!cancel.isEmpty()) {
            cancels.add(cancel);
            if (cancel.equals(PROCESS_ID + ":" + HexFormat.of().formatHex(SECRET))) {
                cancelled.countDown();
            }
            return new ServiceChannels.Serve((in, out) -> { });
        }
        if (request.userCertificate().isEmpty()) {
            return new ServiceChannels.Refused("no certificate");
        }
        if (request.param("db_name").equals("archive")) {
            return new ServiceChannels.Refused("database \"archive\" does not exist on orders-db");
        }
        return new ServiceChannels.Serve(this::serve);
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        BackendMessage.authenticationOk().write(out);
        for (String[] p : new String[][] {{"server_version", "15.0"}, {"server_encoding", "UTF8"},
            {"client_encoding", "UTF8"}, {"DateStyle", "ISO, MDY"}, {"integer_datetimes", "on"},
            {"standard_conforming_strings", "on"}}) {
            BackendMessage.parameterStatus(p[0], p[1]).write(out);
        }
        BackendMessage.backendKeyData(PROCESS_ID, SECRET).write(out);
        BackendMessage.readyForQuery('I').write(out);
        out.flush();
        PgMessageReader reader = new PgMessageReader(in, 1 << 20);
        while (true) {
            PgMessageReader.Header h;
            try {
                h = reader.next();
            } catch (EOFException e) {
                return;
            }
            PgMessage m = reader.body(h);
            if (m.typeChar() == 'X') {
                return;
            }
            if (m.typeChar() != 'Q') {
                continue;
            }
            byte[] body = m.body();
            String sql = new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
            queries.add(sql);
            if (sql.contains("agent dies")) {
                return; // the channel closes between messages, as when the agent is killed
            }
            if (sql.contains("pg_sleep")) {
                sleeping.countDown();
                try {
                    cancelled.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                BackendMessage.error("ERROR", "57014", "canceling statement due to user request", null).write(out);
            } else if (sql.contains("big row")) {
                rowDescription("big").write(out);
                dataRow("x".repeat(BIG_ROW)).write(out);
                new PgMessage('C', cstring("SELECT 1")).write(out);
            } else {
                rowDescription("echo").write(out);
                dataRow("echo:" + sql).write(out);
                new PgMessage('C', cstring("SELECT 1")).write(out);
            }
            BackendMessage.readyForQuery('I').write(out);
            out.flush();
        }
    }

    private static PgMessage rowDescription(String column) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeShort(1);
        d.write(cstring(column));
        d.writeInt(0); // table oid
        d.writeShort(0); // attribute number
        d.writeInt(25); // text
        d.writeShort(-1);
        d.writeInt(-1);
        d.writeShort(0); // text format
        return new PgMessage('T', b.toByteArray());
    }

    private static PgMessage dataRow(String value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        d.writeShort(1);
        d.writeInt(v.length);
        d.write(v);
        return new PgMessage('D', b.toByteArray());
    }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        return out;
    }
}
