package io.gatehouse.proxy.db.mysql;

import io.gatehouse.proxy.service.ServicePipe;
import io.gatehouse.shared.db.mysql.MalformedMysqlPacket;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.Replies;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The agent's packets to the client after the handshake, copied packet by packet (payloads of any
 * size in 16 KiB pieces) and flushed when the agent has nothing more queued. When the agent's stream
 * ends between packets while the client still listens, the client gets an ERR (1053, SQLSTATE 08S01)
 * saying so. Its sequence id is the one the client expects: one past the agent's last packet, or 1
 * when the client has sent a command since (a command is 0, its reply starts at 1).
 */
final class MysqlDownstream implements ServicePipe.Downstream {
    static final int SERVER_GONE = 1053;

    private final String db;
    private final int handshakeSequence;

    /** {@code handshakeSequence}: the HandshakeResponse's (the agent's OK follows it). */
    MysqlDownstream(String db, int handshakeSequence) {
        this.db = db;
        this.handshakeSequence = handshakeSequence;
    }

    @Override
    public void relay(InputStream fromAgent, OutputStream toClient, ServicePipe.ClientSide client) throws IOException {
        // Buffered: a packet's header is four one-byte reads, each a locked read of the channel's pipe otherwise.
        InputStream in = new java.io.BufferedInputStream(fromAgent, 16 * 1024);
        MysqlPackets packets = new MysqlPackets(in, 0);
        OutputStream out = new BufferedOutputStream(toClient, 16 * 1024);
        int lastSequence = handshakeSequence;
        long clientBytesAtLastPacket = client.bytes();
        while (true) {
            MysqlPackets.Header h;
            try {
                h = packets.next();
            } catch (MalformedMysqlPacket e) {
                throw e; // the stream ended inside a header: no boundary to write at
            } catch (IOException e) {
                int next = client.bytes() > clientBytesAtLastPacket ? 1 : lastSequence + 1;
                lost(out, client, next);
                return;
            }
            clientBytesAtLastPacket = client.bytes(); // before the client can have answered this packet
            lastSequence = packets.copy(h, out);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    private void lost(OutputStream out, ServicePipe.ClientSide client, int sequence) throws IOException {
        if (!client.ended()) {
            MysqlPackets.write(out, sequence & 0xff, Replies.error(SERVER_GONE, "08S01", "the connection to the agent "
                    + "serving database '" + db + "' was lost; reconnect when gate db ls shows it online"));
        }
        out.flush();
    }
}
