package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.db.mysql.MalformedMysqlPacket;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.MysqlWire;
import io.gatehouse.shared.db.mysql.Replies;
import io.gatehouse.shared.db.mysql.Handshake;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's login to the database inside TLS, after the SSL request: the HandshakeResponse41
 * (sequence 2) and whatever exchange the server's authentication plugin asks for.
 *
 * <p>Certificate auth: the database user is {@code REQUIRE X509} / {@code REQUIRE SUBJECT '/CN=user'}
 * with no password, so the proof is the client certificate TLS presented and the auth response is
 * empty. Password auth: mysql_native_password (SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw)))),
 * following an AuthSwitchRequest (0xfe) to mysql_native_password, caching_sha2_password (fast
 * auth, or the password itself over this TLS connection when the server asks for full auth) or
 * mysql_clear_password (also only ever inside TLS). Passwords are cleared after use.
 */
final class BackendAuthentication {
    private static final String NATIVE = "mysql_native_password";
    private static final String CACHING_SHA2 = "caching_sha2_password";
    private static final String CLEAR = "mysql_clear_password";
    /** Greeting, switch, more data, full auth, result: more rounds than that is a confused server. */
    private static final int MAX_ROUNDS = 6;

    /** The login succeeded; {@code okPayload} is the server's OK (its status flags go to the client). */
    record Result(byte[] okPayload) {
    }

    private final DbSession session;
    private final Handshake greeting;
    private final MysqlPackets in;
    private final OutputStream out;

    BackendAuthentication(DbSession session, Handshake greeting, MysqlPackets in, OutputStream out) {
        this.session = session;
        this.greeting = greeting;
        this.in = in;
        this.out = out;
    }

    Result login(long capabilities, long maxPacket, int charset) throws IOException {
        byte[] password = utf8(session.login().password());
        try {
            String plugin = NATIVE;
            byte[] proof = nativeProof(password, greeting.scramble());
            var response = new HandshakeResponse(capabilities, maxPacket, charset, session.dbUser(), proof,
                    Optional.of(session.dbName()).filter(n -> !n.isEmpty()), plugin, Map.of());
            int seq = MysqlPackets.write(out, 2, response.toPayload());
            out.flush();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                MysqlPackets.Packet p = in.read();
                seq = p.sequence();
                byte[] payload = p.payload();
                switch (p.first()) {
                    case Replies.OK -> {
                        return new Result(payload);
                    }
                    case Replies.ERR -> throw refused(Replies.errorOf(payload).message());
                    case Replies.EOF -> {
                        MysqlWire.Fields f = new MysqlWire.Fields(payload, "the database's auth switch request");
                        f.int1();
                        plugin = f.nulOrEndString();
                        byte[] data = stripNul(f.bytes(f.remaining()));
                        send(seq + 1, switchedProof(plugin, password, data));
                    }
                    case 0x01 -> moreData(plugin, payload, password, seq);
                    default -> throw refused("an unexpected reply (0x" + Integer.toHexString(p.first())
                            + ") during login");
                }
            }
            throw refused("the login did not finish after " + MAX_ROUNDS + " exchanges");
        } catch (MalformedMysqlPacket e) {
            throw refused("a malformed reply during login: " + e.getMessage());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private byte[] switchedProof(String plugin, byte[] password, byte[] scramble) throws IOException {
        return switch (plugin) {
            case NATIVE -> nativeProof(password, scramble);
            case CACHING_SHA2 -> sha2Proof(password, scramble);
            case CLEAR -> withNul(password); // this connection is TLS: the server's certificate was verified
            default -> throw refused("the database user '" + session.dbUser() + "' logs in with the " + plugin
                    + " plugin, which Gatehouse does not speak; use mysql_native_password for that user "
                    + "(or certificate auth: REQUIRE SUBJECT '/CN=" + session.dbUser() + "')");
        };
    }

    /** caching_sha2_password's extra data: 3 = fast auth succeeded (OK follows), 4 = send the password. */
    private void moreData(String plugin, byte[] payload, byte[] password, int seq) throws IOException {
        if (!plugin.equals(CACHING_SHA2) || payload.length < 2) {
            throw refused("unexpected extra authentication data from the " + plugin + " plugin");
        }
        switch (payload[1]) {
            case 3 -> {
                // fast auth success: the OK packet comes next
            }
            case 4 -> send(seq + 1, withNul(password)); // full auth, inside TLS as the plugin requires
            default -> throw refused("caching_sha2_password asked for something unexpected (" + payload[1] + ")");
        }
    }

    private void send(int sequence, byte[] payload) throws IOException {
        try {
            MysqlPackets.write(out, sequence & 0xff, payload);
            out.flush();
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private IOException refused(String why) {
        return new IOException("the database '" + session.database().name() + "' refused the login of database user '"
                + session.dbUser() + "': " + why);
    }

    /** mysql_native_password: SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))); empty for an empty password. */
    static byte[] nativeProof(byte[] password, byte[] scramble) {
        if (password.length == 0) {
            return new byte[0];
        }
        MessageDigest sha1 = digest("SHA-1");
        byte[] stage1 = sha1.digest(password);
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(Arrays.copyOf(scramble, Math.min(20, scramble.length)));
        return xor(stage1, sha1.digest(stage2));
    }

    /** caching_sha2_password: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble). */
    static byte[] sha2Proof(byte[] password, byte[] scramble) {
        if (password.length == 0) {
            return new byte[0];
        }
        MessageDigest sha256 = digest("SHA-256");
        byte[] stage1 = sha256.digest(password);
        byte[] stage2 = sha256.digest(stage1);
        sha256.update(stage2);
        sha256.update(Arrays.copyOf(scramble, Math.min(20, scramble.length)));
        return xor(stage1, sha256.digest());
    }

    private static byte[] xor(byte[] secret, byte[] mask) {
        byte[] out = new byte[secret.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (secret[i] ^ mask[i]);
        }
        Arrays.fill(secret, (byte) 0);
        return out;
    }

    private static byte[] utf8(Optional<char[]> password) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        char[] chars = password.get();
        try {
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            byte[] out = Arrays.copyOf(b.array(), b.limit());
            Arrays.fill(b.array(), (byte) 0);
            return out;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] withNul(byte[] password) {
        return Arrays.copyOf(password, password.length + 1);
    }

    private static byte[] stripNul(byte[] data) {
        return data.length > 0 && data[data.length - 1] == 0 ? Arrays.copyOf(data, data.length - 1) : data;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
