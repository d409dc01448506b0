package io.gatehouse.shared.db.postgres;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a client sends first, before any typed message: a request for TLS or GSS encryption, a
 * cancel request (on a connection of its own), or the startup message naming user and database.
 * Untyped on the wire (Int32 length, Int32 code, body), so it has its own reader.
 */
public sealed interface StartupPacket {
    /** As the server's MAX_STARTUP_PACKET_LENGTH: a longer "startup" is not PostgreSQL. */
    int MAX_LENGTH = 10_000;
    int SSL_REQUEST = 80877103;
    int GSSENC_REQUEST = 80877104;
    int CANCEL_REQUEST = 80877102;
    /** Protocol 3.0 (every libpq before 18) and 3.2 (libpq 18, longer cancel keys). */
    int PROTOCOL_3_0 = 3 << 16;
    int PROTOCOL_3_2 = (3 << 16) | 2;

    byte[] write();

    /** "May I use TLS?": the answer is one byte, 'S' or 'N'. */
    record SslRequest() implements StartupPacket {
        @Override
        public byte[] write() {
            return frame(new PgWire.Body().int32(SSL_REQUEST).toBytes());
        }
    }

    /** "May I use GSSAPI encryption?": Gatehouse answers 'N', and libpq goes on with SSLRequest. */
    record GssEncRequest() implements StartupPacket {
        @Override
        public byte[] write() {
            return frame(new PgWire.Body().int32(GSSENC_REQUEST).toBytes());
        }
    }

    /** Cancel the query running on the backend with this process id, proven by its secret key (4..256 bytes). */
    record CancelRequest(int processId, byte[] secretKey) implements StartupPacket {
        public CancelRequest {
            secretKey = secretKey.clone();
        }

        @Override
        public byte[] secretKey() {
            return secretKey.clone();
        }

        @Override
        public byte[] write() {
            return frame(new PgWire.Body().int32(CANCEL_REQUEST).int32(processId).bytes(secretKey).toBytes());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CancelRequest c && c.processId == processId && Arrays.equals(c.secretKey, secretKey);
        }

        @Override
        public int hashCode() {
            return 31 * processId + Arrays.hashCode(secretKey);
        }

        @Override
        public String toString() {
            return "CancelRequest[processId=" + processId + ", secretKey=(" + secretKey.length + " bytes)]";
        }
    }

    /** The session's parameters: user (required), database (defaults to the user), options, application_name... */
    record StartupMessage(int protocol, Map<String, String> parameters) implements StartupPacket {
        public StartupMessage {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        public Optional<String> user() {
            return Optional.ofNullable(parameters.get("user"));
        }

        /** The database the client asks for; PostgreSQL's default is the user name. */
        public Optional<String> database() {
            return Optional.ofNullable(parameters.getOrDefault("database", parameters.get("user")));
        }

        /** The same message with one parameter replaced (e.g. the user the agent logs in as). */
        public StartupMessage with(String name, String value) {
            Map<String, String> p = new LinkedHashMap<>(parameters);
            p.put(name, value);
            return new StartupMessage(protocol, p);
        }

        @Override
        public byte[] write() {
            PgWire.Body b = new PgWire.Body().int32(protocol);
            parameters.forEach((k, v) -> b.cstring(k).cstring(v));
            return frame(b.int8(0).toBytes());
        }
    }

    /**
     * Reads one startup packet. An end of stream before the first byte is EOFException; anything
     * that is not one of the four packets is a MalformedPgMessage saying what was wrong.
     */
    static StartupPacket read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int length = in.readInt();
        if (length < 8 || length > MAX_LENGTH) {
            throw new MalformedPgMessage("the startup packet's length " + length + " is not between 8 and "
                    + MAX_LENGTH + ": this client does not speak PostgreSQL's protocol 3");
        }
        byte[] body = new byte[length - 4];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new MalformedPgMessage("the client closed the connection inside its startup packet");
        }
        PgWire.Fields f = new PgWire.Fields(body, "the startup packet");
        int code = f.int32();
        return switch (code) {
            case SSL_REQUEST -> {
                f.end();
                yield new SslRequest();
            }
            case GSSENC_REQUEST -> {
                f.end();
                yield new GssEncRequest();
            }
            case CANCEL_REQUEST -> {
                int pid = f.int32();
                byte[] key = f.rest();
                if (key.length < 1 || key.length > 256) {
                    throw new MalformedPgMessage("a cancel request's key is " + key.length + " bytes, not 1 to 256");
                }
                yield new CancelRequest(pid, key);
            }
            default -> startup(code, f);
        };
    }

    private static StartupMessage startup(int protocol, PgWire.Fields f) throws MalformedPgMessage {
        if (protocol >>> 16 != 3) {
            throw new MalformedPgMessage("protocol " + (protocol >>> 16) + "." + (protocol & 0xffff)
                    + " is not supported; use a client that speaks protocol 3 (PostgreSQL 7.4 or later)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = f.cstring();
            if (name.isEmpty()) {
                break;
            }
            if (params.put(name, f.cstring()) != null) {
                throw new MalformedPgMessage("the startup packet names parameter '" + name + "' twice");
            }
        }
        f.end();
        if (!params.containsKey("user")) {
            throw new MalformedPgMessage("the startup packet names no user; connect with a user name (psql -U NAME)");
        }
        return new StartupMessage(protocol, params);
    }

    private static byte[] frame(byte[] body) {
        return new PgWire.Body().int32(body.length + 4).bytes(body).toBytes();
    }
}
