package io.gatehouse.shared.db.mysql;

import static io.gatehouse.shared.db.mysql.Capabilities.has;

import java.util.Arrays;

/**
 * The server's first packet (protocol 10): its version, the connection id, the 20-byte scramble
 * the client's password proof is computed over, capabilities (MariaDB's extended ones included),
 * and the authentication plugin it proposes.
 */
public record Handshake(String serverVersion, long connectionId, byte[] scramble, long capabilities, int charset,
        int status, String authPlugin) {
    public Handshake {
        scramble = scramble.clone();
    }

    @Override
    public byte[] scramble() {
        return scramble.clone();
    }

    /** The same greeting offering {@code capabilities} instead (e.g. without SSL, or with it). */
    public Handshake withCapabilities(long capabilities) {
        return new Handshake(serverVersion, connectionId, scramble, capabilities, charset, status, authPlugin);
    }

    public static Handshake parse(byte[] payload) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(payload, "the server's greeting");
        int protocol = f.int1();
        if (protocol != 10) {
            throw new MalformedMysqlPacket(protocol == 0xff ? "the server refused the connection: "
                    + Replies.errorOf(payload).message() : "the server speaks protocol " + protocol + ", not 10");
        }
        String version = f.nulString();
        long id = f.int4();
        byte[] part1 = f.bytes(8);
        f.skip(1);
        long caps = f.int2();
        int charset = f.int1();
        int status = f.int2();
        caps |= (long) f.int2() << 16;
        int authDataLength = f.int1();
        f.skip(6);
        long extended = f.int4();
        if (!has(caps, Capabilities.CLIENT_MYSQL)) {
            caps |= extended << 32; // MariaDB's extended capabilities
        }
        byte[] scramble = part1;
        if (has(caps, Capabilities.SECURE_CONNECTION)) {
            int n = Math.max(13, authDataLength - 8);
            byte[] part2 = f.bytes(n);
            // The 13 bytes end with a NUL that is not part of the scramble.
            int used = part2.length > 0 && part2[part2.length - 1] == 0 ? part2.length - 1 : part2.length;
            scramble = concat(part1, Arrays.copyOf(part2, used));
        }
        String plugin = has(caps, Capabilities.PLUGIN_AUTH) ? f.nulOrEndString() : "";
        return new Handshake(version, id, scramble, caps, charset, status, plugin);
    }

    public byte[] toPayload() {
        MysqlWire.Payload p = new MysqlWire.Payload().int1(10).nulString(serverVersion).fixed(connectionId, 4)
                .bytes(Arrays.copyOf(scramble, 8)).int1(0).fixed(capabilities & 0xffff, 2).int1(charset)
                .fixed(status, 2).fixed((capabilities >>> 16) & 0xffff, 2)
                .int1(has(capabilities, Capabilities.PLUGIN_AUTH) ? scramble.length + 1 : 0)
                .bytes(new byte[6]).fixed(has(capabilities, Capabilities.CLIENT_MYSQL) ? 0 : capabilities >>> 32, 4);
        if (has(capabilities, Capabilities.SECURE_CONNECTION)) {
            byte[] part2 = Arrays.copyOfRange(scramble, 8, scramble.length);
            p.bytes(part2).bytes(new byte[Math.max(1, 13 - part2.length)]);
        }
        if (has(capabilities, Capabilities.PLUGIN_AUTH)) {
            p.nulString(authPlugin);
        }
        return p.toBytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && h.serverVersion.equals(serverVersion) && h.connectionId == connectionId
                && Arrays.equals(h.scramble, scramble) && h.capabilities == capabilities && h.charset == charset
                && h.status == status && h.authPlugin.equals(authPlugin);
    }

    @Override
    public int hashCode() {
        return serverVersion.hashCode() * 31 + Long.hashCode(connectionId);
    }

    @Override
    public String toString() {
        return "Handshake[" + serverVersion + ", connection " + connectionId + ", capabilities 0x"
                + Long.toHexString(capabilities) + ", " + authPlugin + "]";
    }
}
