package io.gatehouse.shared.db.postgres;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads typed messages with bounded memory: the header first, then either the body into memory
 * (only up to {@code maxInspected} bytes: queries, binds, errors) or streamed on (rows and COPY
 * data of any size), so a 1 GB row never needs 1 GB of heap.
 */
public final class PgMessageReader {
    /** A message's type and the length of its body. */
    public record Header(byte type, int bodyLength) {
        public char typeChar() {
            return (char) (type & 0xff);
        }
    }

    private final DataInputStream in;
    private final int maxInspected;
    private final byte[] copyBuffer = new byte[16 * 1024];

    public PgMessageReader(InputStream in, int maxInspected) {
        this.in = new DataInputStream(in);
        this.maxInspected = maxInspected;
    }

    /** The next message's header; EOFException at a clean end of stream (between messages). */
    public Header next() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the connection ended");
        }
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new MalformedPgMessage("the connection ended inside a message header");
        }
        if (length < 4 || length > PgMessage.MAX_LENGTH) {
            throw new MalformedPgMessage("message '" + printable(type) + "' has length " + length
                    + ", outside the protocol's 4 to " + PgMessage.MAX_LENGTH);
        }
        return new Header((byte) type, length - 4);
    }

    /** The whole message, for those read to be understood; refuses bodies above the inspection limit. */
    public PgMessage body(Header h) throws IOException {
        if (h.bodyLength() > maxInspected) {
            throw new MalformedPgMessage("message '" + printable(h.type()) + "' of " + h.bodyLength()
                    + " bytes is larger than the " + maxInspected + " bytes Gatehouse reads to check it");
        }
        byte[] body = new byte[h.bodyLength()];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new MalformedPgMessage("the connection ended inside message '" + printable(h.type()) + "'");
        }
        return new PgMessage(h.type(), body);
    }

    /** Passes the message on unread: its header as it was, then the body in small pieces. */
    public void copy(Header h, OutputStream out) throws IOException {
        out.write(new PgWire.Body().int8(h.type()).int32(h.bodyLength() + 4).toBytes());
        long left = h.bodyLength();
        while (left > 0) {
            int n = in.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left));
            if (n < 0) {
                throw new MalformedPgMessage("the connection ended inside message '" + printable(h.type()) + "'");
            }
            out.write(copyBuffer, 0, n);
            left -= n;
        }
    }

    /** The first startup packet of a connection (see StartupPacket). */
    public StartupPacket startup() throws IOException {
        return StartupPacket.read(in);
    }

    static String printable(int type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("0x%02x", type);
    }
}
