package io.gatehouse.shared.db.mysql;

import static io.gatehouse.shared.db.mysql.Capabilities.has;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client's answer to the greeting: who it is (user, database), what it can do, and its
 * password proof (kept as bytes, never printed). A 32-byte answer with the SSL flag is an
 * SSLRequest: the client wants TLS first and sends the full answer inside it.
 */
public record HandshakeResponse(long capabilities, long maxPacket, int charset, String user, byte[] authResponse,
        Optional<String> database, String authPlugin, Map<String, String> attributes) {
    static final int FIXED_PART = 32;

    public HandshakeResponse {
        authResponse = authResponse.clone();
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    @Override
    public byte[] authResponse() {
        return authResponse.clone();
    }

    /** True for the 32-byte SSLRequest (the client's capabilities only, TLS to follow). */
    public static boolean isSslRequest(byte[] payload) throws MalformedMysqlPacket {
        if (payload.length != FIXED_PART) {
            return false;
        }
        long caps = new MysqlWire.Fields(payload, "the client's SSL request").int4();
        if (!has(caps, Capabilities.SSL)) {
            throw new MalformedMysqlPacket("a 32-byte handshake answer without the SSL flag: the client sent no user");
        }
        return true;
    }

    /** The 32-byte SSLRequest a client sends (sequence 1) before starting TLS and sending its full answer. */
    public static byte[] sslRequest(long capabilities, long maxPacket, int charset) {
        long caps = capabilities | Capabilities.SSL;
        return new MysqlWire.Payload().fixed(caps & 0xffff_ffffL, 4).fixed(maxPacket, 4).int1(charset)
                .bytes(new byte[19]).fixed(has(caps, Capabilities.CLIENT_MYSQL) ? 0 : caps >>> 32, 4).toBytes();
    }

    public static HandshakeResponse parse(byte[] payload) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(payload, "the client's handshake answer");
        long caps = f.int4();
        if (!has(caps, Capabilities.PROTOCOL_41)) {
            throw new MalformedMysqlPacket("the client speaks the pre-4.1 protocol; use a MySQL 4.1 or later client");
        }
        long maxPacket = f.int4();
        int charset = f.int1();
        f.skip(19);
        long extended = f.int4();
        if (!has(caps, Capabilities.CLIENT_MYSQL)) {
            caps |= extended << 32;
        }
        String user = f.nulString();
        byte[] auth;
        if (has(caps, Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            auth = f.bytes(f.lenenc());
        } else if (has(caps, Capabilities.SECURE_CONNECTION)) {
            auth = f.bytes(f.int1());
        } else {
            auth = f.nulString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Optional<String> database = Optional.empty();
        if (has(caps, Capabilities.CONNECT_WITH_DB) && f.remaining() > 0) {
            database = Optional.of(f.nulOrEndString()).filter(d -> !d.isEmpty());
        }
        String plugin = has(caps, Capabilities.PLUGIN_AUTH) && f.remaining() > 0 ? f.nulOrEndString() : "";
        Map<String, String> attrs = new LinkedHashMap<>();
        if (has(caps, Capabilities.CONNECT_ATTRS) && f.remaining() > 0) {
            byte[] all = f.bytes(f.lenenc());
            MysqlWire.Fields a = new MysqlWire.Fields(all, "the client's connection attributes");
            while (a.remaining() > 0) {
                attrs.put(a.lenencString(), a.lenencString());
            }
        }
        return new HandshakeResponse(caps, maxPacket, charset, user, auth, database, plugin, attrs);
    }

    public byte[] toPayload() {
        MysqlWire.Payload p = new MysqlWire.Payload().fixed(capabilities & 0xffff_ffffL, 4).fixed(maxPacket, 4)
                .int1(charset).bytes(new byte[19])
                .fixed(has(capabilities, Capabilities.CLIENT_MYSQL) ? 0 : capabilities >>> 32, 4).nulString(user);
        if (has(capabilities, Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            p.lenencBytes(authResponse);
        } else if (has(capabilities, Capabilities.SECURE_CONNECTION)) {
            p.int1(authResponse.length).bytes(authResponse);
        } else {
            p.bytes(authResponse).int1(0);
        }
        if (has(capabilities, Capabilities.CONNECT_WITH_DB)) {
            p.nulString(database.orElse(""));
        }
        if (has(capabilities, Capabilities.PLUGIN_AUTH)) {
            p.nulString(authPlugin);
        }
        if (has(capabilities, Capabilities.CONNECT_ATTRS)) {
            MysqlWire.Payload a = new MysqlWire.Payload();
            attributes.forEach((k, v) -> a.lenencBytes(bytes(k)).lenencBytes(bytes(v)));
            p.lenencBytes(a.toBytes());
        }
        return p.toBytes();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeResponse r && r.capabilities == capabilities && r.maxPacket == maxPacket
                && r.charset == charset && r.user.equals(user) && Arrays.equals(r.authResponse, authResponse)
                && r.database.equals(database) && r.authPlugin.equals(authPlugin) && r.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return user.hashCode() * 31 + database.hashCode();
    }

    @Override
    public String toString() {
        return "HandshakeResponse[user " + user + ", database " + database.orElse("(none)") + ", plugin " + authPlugin
                + ", capabilities 0x" + Long.toHexString(capabilities) + ", auth (" + authResponse.length + " bytes)]";
    }
}
