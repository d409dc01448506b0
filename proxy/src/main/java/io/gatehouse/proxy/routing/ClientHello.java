package io.gatehouse.proxy.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the router needs from a TLS ClientHello, read without terminating TLS: the ALPN protocol
 * names (RFC 7301 3.1) and the SNI host name (RFC 6066 3). Input is untrusted: every length is
 * checked against what is left, and the whole hello is capped at {@link #MAX_BYTES}. A hello may
 * arrive in several TLS records (RFC 8446 5.1 lets a handshake message span records); the caller
 * feeds what it has read so far and reads more while {@link #parse} says it needs more.
 */
public record ClientHello(Optional<String> serverName, List<String> alpn) {
    /**
     * The most the router reads before deciding, record headers included: real hellos are under
     * 2 KiB (a post-quantum key share included), so 16 KiB leaves room without letting a client
     * make the proxy buffer much.
     */
    public static final int MAX_BYTES = 16 * 1024;
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;

    public ClientHello {
        alpn = List.copyOf(alpn);
    }

    /** A hello from which a route follows, or the bytes so far are a valid prefix and more must be read. */
    public sealed interface Result {
    }

    public record Complete(ClientHello hello) implements Result {
    }

    public record NeedMore() implements Result {
    }

    /**
     * Parses the first {@code length} bytes of {@code data} as TLS records carrying a ClientHello.
     *
     * @throws MalformedClientHello when they cannot be the start of one (not TLS, a lying length,
     *     a hello past MAX_BYTES)
     */
    public static Result parse(byte[] data, int length) throws MalformedClientHello {
        if (length > data.length || length > MAX_BYTES) {
            throw new MalformedClientHello("the ClientHello is larger than " + MAX_BYTES + " bytes");
        }
        // Reassemble the handshake bytes from the records read so far (RFC 8446 5.1).
        byte[] handshake = new byte[length];
        int have = 0;
        int at = 0;
        while (at < length) {
            if (length - at < RECORD_HEADER) {
                return new NeedMore();
            }
            if ((data[at] & 0xFF) != HANDSHAKE) {
                throw new MalformedClientHello(at == 0 ? "not TLS: the first byte is not a handshake record"
                        : "a non-handshake record arrived before the ClientHello was complete");
            }
            if ((data[at + 1] & 0xFF) != 3) {
                throw new MalformedClientHello("not TLS: unknown record version");
            }
            int recordLength = u16(data, at + 3);
            if (recordLength == 0 || recordLength > MAX_BYTES) {
                throw new MalformedClientHello("a TLS record of " + recordLength + " bytes");
            }
            int available = Math.min(recordLength, length - at - RECORD_HEADER);
            System.arraycopy(data, at + RECORD_HEADER, handshake, have, available);
            have += available;
            at += RECORD_HEADER + available;
        }
        if (have < 4) {
            return new NeedMore();
        }
        if ((handshake[0] & 0xFF) != CLIENT_HELLO) {
            throw new MalformedClientHello("the first handshake message is not a ClientHello");
        }
        int helloLength = (handshake[1] & 0xFF) << 16 | u16(handshake, 2);
        if (helloLength > MAX_BYTES) {
            throw new MalformedClientHello("a ClientHello of " + helloLength + " bytes (at most " + MAX_BYTES + ")");
        }
        if (have < 4 + helloLength) {
            return new NeedMore();
        }
        return new Complete(body(new Reader(handshake, 4, 4 + helloLength)));
    }

    /** RFC 8446 4.1.2 (the TLS 1.2 layout of RFC 5246 7.4.1.2 is the same up to the extensions). */
    private static ClientHello body(Reader r) throws MalformedClientHello {
        r.skip(2 + 32); // legacy_version, random
        r.skip(r.u8()); // legacy_session_id
        r.skip(r.u16()); // cipher_suites
        r.skip(r.u8()); // legacy_compression_methods
        if (r.remaining() == 0) {
            return new ClientHello(Optional.empty(), List.of()); // TLS 1.2 without extensions
        }
        Reader extensions = r.sub(r.u16());
        if (r.remaining() != 0) {
            throw new MalformedClientHello("bytes after the ClientHello's extensions");
        }
        Optional<String> sni = Optional.empty();
        List<String> alpn = List.of();
        Set<Integer> seen = new HashSet<>();
        while (extensions.remaining() > 0) {
            int type = extensions.u16();
            Reader data = extensions.sub(extensions.u16());
            if (!seen.add(type)) {
                throw new MalformedClientHello("extension " + type + " appears twice"); // RFC 8446 4.2
            }
            if (type == EXT_SERVER_NAME) {
                sni = serverName(data);
            } else if (type == EXT_ALPN) {
                alpn = protocols(data);
            }
        }
        return new ClientHello(sni, alpn);
    }

    private static List<String> protocols(Reader data) throws MalformedClientHello {
        Reader list = data.sub(data.u16());
        data.requireEnd("ALPN extension");
        if (list.remaining() == 0) {
            throw new MalformedClientHello("an empty ALPN protocol list"); // RFC 7301 3.1: at least one
        }
        List<String> names = new ArrayList<>();
        while (list.remaining() > 0) {
            int n = list.u8();
            if (n == 0) {
                throw new MalformedClientHello("an empty ALPN protocol name");
            }
            // Protocol names are opaque bytes; ISO-8859-1 maps each to one char, so comparing is exact.
            names.add(new String(list.take(n), StandardCharsets.ISO_8859_1));
        }
        return names;
    }

    private static Optional<String> serverName(Reader data) throws MalformedClientHello {
        if (data.remaining() == 0) {
            return Optional.empty(); // a server's empty echo; harmless in a hello
        }
        Reader list = data.sub(data.u16());
        data.requireEnd("server_name extension");
        Optional<String> host = Optional.empty();
        while (list.remaining() > 0) {
            int type = list.u8();
            byte[] name = list.take(list.u16());
            if (type == 0 && host.isEmpty()) {
                host = Optional.of(new String(name, StandardCharsets.ISO_8859_1));
            }
        }
        return host;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    /** Bounds-checked reads within [at, end). */
    private static final class Reader {
        private final byte[] b;
        private int at;
        private final int end;

        Reader(byte[] b, int at, int end) {
            this.b = b;
            this.at = at;
            this.end = end;
        }

        int remaining() {
            return end - at;
        }

        private void need(int n) throws MalformedClientHello {
            if (n < 0 || n > remaining()) {
                throw new MalformedClientHello("a length in the ClientHello points past its end");
            }
        }

        int u8() throws MalformedClientHello {
            need(1);
            return b[at++] & 0xFF;
        }

        int u16() throws MalformedClientHello {
            need(2);
            int v = ClientHello.u16(b, at);
            at += 2;
            return v;
        }

        void skip(int n) throws MalformedClientHello {
            need(n);
            at += n;
        }

        byte[] take(int n) throws MalformedClientHello {
            need(n);
            byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
            at += n;
            return out;
        }

        Reader sub(int n) throws MalformedClientHello {
            need(n);
            Reader r = new Reader(b, at, at + n);
            at += n;
            return r;
        }

        void requireEnd(String what) throws MalformedClientHello {
            if (remaining() != 0) {
                throw new MalformedClientHello("bytes after the list in the " + what);
            }
        }
    }
}
