package io.gatehouse.shared.db.mysql;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Packet framing: a 3-byte little-endian length, a sequence number, the payload. A payload of
 * 2^24-1 bytes or more travels as several packets, each full one followed by the next, ended by a
 * shorter (possibly empty) one. Reading keeps memory bounded: {@link #read} joins a logical packet
 * only up to a limit; {@link #copy} passes one on of any size.
 */
public final class MysqlPackets {
    /** The largest physical payload; one of exactly this size continues in the next packet. */
    public static final int MAX_PAYLOAD = 0xff_ffff;

    /** One logical packet: its first sequence number and the joined payload. */
    public record Packet(int sequence, byte[] payload) {
        public Packet {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The first payload byte (a command, or 0x00 OK / 0xff ERR / 0xfe EOF in a reply); -1 when empty. */
        public int first() {
            return payload.length == 0 ? -1 : payload[0] & 0xff;
        }

        MysqlWire.Fields fields(String what) {
            return new MysqlWire.Fields(payload, what);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Packet p && p.sequence == sequence && java.util.Arrays.equals(p.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * sequence + java.util.Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Packet[seq " + sequence + ", " + payload.length + " bytes]";
        }
    }

    /** A physical packet's header. */
    public record Header(int length, int sequence) {
        boolean continues() {
            return length == MAX_PAYLOAD;
        }
    }

    private final DataInputStream in;
    private final int maxInspected;
    private final byte[] copyBuffer = new byte[16 * 1024];

    public MysqlPackets(InputStream in, int maxInspected) {
        this.in = new DataInputStream(in);
        this.maxInspected = maxInspected;
    }

    /** The next physical header; EOFException at a clean end of stream. */
    public Header next() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            throw new EOFException("the connection ended");
        }
        byte[] rest = new byte[3];
        try {
            in.readFully(rest);
        } catch (EOFException e) {
            throw new MalformedMysqlPacket("the connection ended inside a packet header");
        }
        return new Header(b0 | (rest[0] & 0xff) << 8 | (rest[1] & 0xff) << 16, rest[2] & 0xff);
    }

    /** The logical packet that starts with {@code first}, joined, if it is no larger than the inspection limit. */
    public Packet read(Header first) throws IOException {
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream(Math.min(first.length(), 1 << 16));
        Header h = first;
        while (true) {
            if (joined.size() + (long) h.length() > maxInspected) {
                throw new MalformedMysqlPacket("a packet larger than the " + maxInspected
                        + " bytes Gatehouse reads to check it");
            }
            byte[] part = new byte[h.length()];
            try {
                in.readFully(part);
            } catch (EOFException e) {
                throw new MalformedMysqlPacket("the connection ended inside a packet");
            }
            joined.writeBytes(part);
            if (!h.continues()) {
                return new Packet(first.sequence(), joined.toByteArray());
            }
            h = next();
        }
    }

    /** Reads the next logical packet whole (see {@link #read(Header)}). */
    public Packet read() throws IOException {
        return read(next());
    }

    /**
     * Passes the logical packet that starts with {@code first} on unread, header by header, and
     * returns the sequence number of its last piece (the next packet's is one more).
     */
    public int copy(Header first, OutputStream out) throws IOException {
        Header h = first;
        while (true) {
            out.write(header(h.length(), h.sequence()));
            int left = h.length();
            while (left > 0) {
                int n = in.read(copyBuffer, 0, Math.min(copyBuffer.length, left));
                if (n < 0) {
                    throw new MalformedMysqlPacket("the connection ended inside a packet");
                }
                out.write(copyBuffer, 0, n);
                left -= n;
            }
            if (!h.continues()) {
                return h.sequence();
            }
            h = next();
        }
    }

    /** Sees a large packet's payload piece by piece before each piece is passed on; refuses it by throwing. */
    public interface PieceInspector {
        /** {@code last}: the logical packet ends with this piece. The first call has at least one byte (if any). */
        void inspect(byte[] buffer, int offset, int length, boolean last) throws IOException;
    }

    /**
     * Like {@link #copy(Header, OutputStream)}, showing each piece to {@code inspector} first: a
     * refusal (an exception from it) leaves the logical packet unfinished at the receiver, which
     * then never acts on it (the caller ends the connection).
     */
    public int copy(Header first, OutputStream out, PieceInspector inspector) throws IOException {
        Header h = first;
        while (true) {
            int left = h.length();
            boolean headerSent = false;
            do {
                int n = Math.min(copyBuffer.length, left);
                try {
                    in.readFully(copyBuffer, 0, n);
                } catch (EOFException e) {
                    throw new MalformedMysqlPacket("the connection ended inside a packet");
                }
                left -= n;
                inspector.inspect(copyBuffer, 0, n, left == 0 && !h.continues());
                if (!headerSent) {
                    out.write(header(h.length(), h.sequence()));
                    headerSent = true;
                }
                out.write(copyBuffer, 0, n);
            } while (left > 0);
            if (!h.continues()) {
                return h.sequence();
            }
            h = next();
        }
    }

    /** Writes {@code payload} as one logical packet from sequence number {@code sequence}; returns the last one used. */
    public static int write(OutputStream out, int sequence, byte[] payload) throws IOException {
        int off = 0;
        int seq = sequence;
        while (true) {
            int n = Math.min(MAX_PAYLOAD, payload.length - off);
            out.write(header(n, seq));
            out.write(payload, off, n);
            off += n;
            if (n < MAX_PAYLOAD) {
                return seq;
            }
            seq = (seq + 1) & 0xff;
        }
    }

    public static byte[] toBytes(Packet p) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            write(out, p.sequence(), p.payload());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] header(int length, int sequence) {
        return new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) sequence};
    }
}
