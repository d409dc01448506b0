package io.gatehouse.proxy.db.postgres;

import io.gatehouse.proxy.service.ServicePipe;
import io.gatehouse.shared.db.postgres.BackendMessage;
import io.gatehouse.shared.db.postgres.MalformedPgMessage;
import io.gatehouse.shared.db.postgres.PgMessageReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The agent's messages to the client after start-up, copied message by message (bodies of any size
 * in 16 KiB pieces, never held whole) and flushed when the agent has nothing more queued. When the
 * agent's stream ends between two messages while the client still listens (the agent was killed,
 * its tunnel dropped), the client gets a FATAL ErrorResponse saying so instead of a bare close;
 * ending inside a message leaves no place for one, and the connection just closes.
 */
final class PgDownstream implements ServicePipe.Downstream {
    private final String db;

    PgDownstream(String db) {
        this.db = db;
    }

    @Override
    public void relay(InputStream fromAgent, OutputStream toClient, ServicePipe.ClientSide client) throws IOException {
        // Buffered: a message's header is five one-byte reads, each a locked read of the channel's pipe otherwise.
        InputStream in = new java.io.BufferedInputStream(fromAgent, 16 * 1024);
        PgMessageReader reader = new PgMessageReader(in, 0);
        OutputStream out = new BufferedOutputStream(toClient, 16 * 1024);
        while (true) {
            PgMessageReader.Header h;
            try {
                h = reader.next();
            } catch (MalformedPgMessage e) {
                throw e; // the stream ended inside a header: no boundary to write at
            } catch (IOException e) {
                lost(out, client); // between messages: a clean end, or the channel broke
                return;
            }
            reader.copy(h, out);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    private void lost(OutputStream out, ServicePipe.ClientSide client) throws IOException {
        if (!client.ended()) {
            BackendMessage.fatal("08006", "the connection to the agent serving database '" + db + "' was lost; "
                    + "reconnect when gate db ls shows it online", null).write(out);
        }
        out.flush();
    }
}
