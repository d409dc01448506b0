package io.gatehouse.shared.db.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MysqlProtocolTest {
    private static final long CLIENT_CAPS = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB
            | Capabilities.CONNECT_ATTRS | Capabilities.MULTI_STATEMENTS | (1L << 35);

    @Test
    void aGreetingAndAnAnswerSurviveTheirRoundTrip() throws IOException {
        byte[] scramble = new byte[20];
        Arrays.fill(scramble, (byte) 0x41);
        Handshake hello = new Handshake("10.11.19-MariaDB", 77, scramble, CLIENT_CAPS | Capabilities.SSL, 45, 2,
                "mysql_native_password");
        assertEquals(hello, Handshake.parse(hello.toPayload()));
        HandshakeResponse answer = new HandshakeResponse(CLIENT_CAPS, 1 << 24, 45, "alice", new byte[20],
                Optional.of("orders"), "mysql_native_password", Map.of("_client_name", "libmariadb"));
        assertEquals(answer, HandshakeResponse.parse(answer.toPayload()));
        assertFalse(answer.toString().contains("0, 0, 0"), "the password proof is never printed");
    }

    @Test
    void anSslRequestIsToldApartFromAnAnswer() throws IOException {
        byte[] ssl = Arrays.copyOf(new HandshakeResponse(CLIENT_CAPS | Capabilities.SSL, 1 << 24, 45, "x",
                new byte[0], Optional.empty(), "", Map.of()).toPayload(), 32);
        assertTrue(HandshakeResponse.isSslRequest(ssl));
        byte[] notSsl = Arrays.copyOf(ssl, 32);
        notSsl[1] &= (byte) ~(Capabilities.SSL >>> 8);
        assertThrows(MalformedMysqlPacket.class, () -> HandshakeResponse.isSslRequest(notSsl));
    }

    @Test
    void payloadsFrom16MibOnAreSplitAndJoined() throws IOException {
        byte[] big = new byte[MysqlPackets.MAX_PAYLOAD + 10];
        new Random(1).nextBytes(big);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        assertEquals(1, MysqlPackets.write(wire, 0, big), "two packets: sequence 0 and 1");
        MysqlPackets.Packet back = new MysqlPackets(new ByteArrayInputStream(wire.toByteArray()), 32 << 20).read();
        assertArrayEquals(big, back.payload());
        // Exactly 2^24-1 bytes needs an empty packet after it to say it ended.
        ByteArrayOutputStream exact = new ByteArrayOutputStream();
        assertEquals(1, MysqlPackets.write(exact, 0, new byte[MysqlPackets.MAX_PAYLOAD]));
        assertEquals(MysqlPackets.MAX_PAYLOAD + 8, exact.size());
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        MysqlPackets stream = new MysqlPackets(new ByteArrayInputStream(wire.toByteArray()), 1024);
        assertEquals(1, stream.copy(stream.next(), copied));
        assertArrayEquals(wire.toByteArray(), copied.toByteArray());
        var refused = assertThrows(MalformedMysqlPacket.class, () -> new MysqlPackets(
                new ByteArrayInputStream(wire.toByteArray()), 1024).read());
        assertTrue(refused.getMessage().contains("larger than the 1024 bytes"), refused.getMessage());
    }

    @Test
    void theSslRequestAClientSendsIsReadAsOne() throws IOException {
        byte[] ssl = HandshakeResponse.sslRequest(CLIENT_CAPS, 1 << 24, 45);
        assertEquals(32, ssl.length);
        assertTrue(HandshakeResponse.isSslRequest(ssl));
        byte[] fixed = Arrays.copyOf(new HandshakeResponse(CLIENT_CAPS | Capabilities.SSL, 1 << 24, 45, "x",
                new byte[0], Optional.empty(), "", Map.of()).toPayload(), 32);
        assertArrayEquals(fixed, ssl, "the same fixed part as the full answer, MariaDB's extended flags included");
    }

    @Test
    void aLargePacketIsShownPieceByPieceBeforeItPassesAndARefusalStopsItsEnd() throws IOException {
        byte[] big = new byte[MysqlPackets.MAX_PAYLOAD + 10];
        new Random(2).nextBytes(big);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        MysqlPackets.write(wire, 0, big);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        MysqlPackets stream = new MysqlPackets(new ByteArrayInputStream(wire.toByteArray()), 1024);
        int[] lasts = {0};
        assertEquals(1, stream.copy(stream.next(), copied, (b, off, len, last) -> {
            seen.write(b, off, len);
            lasts[0] += last ? 1 : 0;
        }));
        assertArrayEquals(big, seen.toByteArray());
        assertArrayEquals(wire.toByteArray(), copied.toByteArray());
        assertEquals(1, lasts[0], "one piece is the last");

        ByteArrayOutputStream stopped = new ByteArrayOutputStream();
        MysqlPackets again = new MysqlPackets(new ByteArrayInputStream(wire.toByteArray()), 1024);
        assertThrows(IOException.class, () -> again.copy(again.next(), stopped, (b, off, len, last) -> {
            if (last) {
                throw new IOException("refused");
            }
        }));
        assertEquals(wire.size() - 10 - 4, stopped.size(), "all but the last piece (and its header) passed");
    }

    @Test
    void commandsThatChangeDatabaseOrUserAreRecognised() throws IOException {
        assertEquals(new Command.InitDb("orders"), Command.parse(payload(Command.INIT_DB, "orders"), CLIENT_CAPS));
        byte[] change = new MysqlWire.Payload().int1(Command.CHANGE_USER).nulString("root").int1(3).bytes(new byte[3])
                .nulString("mysql").toBytes();
        assertEquals(new Command.ChangeUser("root", Optional.of("mysql")), Command.parse(change, CLIENT_CAPS));
        assertEquals(new Command.Query("USE mysql"), Command.parse(payload(Command.QUERY, "USE mysql"), CLIENT_CAPS));
        assertEquals(new Command.StmtExecute(7), Command.parse(new MysqlWire.Payload().int1(Command.STMT_EXECUTE)
                .fixed(7, 4).int1(0).fixed(1, 4).toBytes(), CLIENT_CAPS));
        assertThrows(MalformedMysqlPacket.class, () -> Command.parse(new byte[] {Command.STMT_CLOSE, 1}, CLIENT_CAPS));
    }

    @Test
    void refusalsReadAsTheClientShowsThem() throws IOException {
        byte[] err = Replies.error(Replies.DB_ACCESS_DENIED, "42000", "no role of alice allows database 'mysql' on 'shop'");
        assertEquals(new Replies.Error(1044, "42000", "no role of alice allows database 'mysql' on 'shop'"),
                Replies.errorOf(err));
        assertEquals(new Replies.Ok(3, 0, 2, 0), Replies.okOf(Replies.ok(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Replies.error(1, "bad", "x"));
    }

    @Test
    void mutatedPacketsNeverEscapeTheParsers() {
        HandshakeResponse answer = new HandshakeResponse(CLIENT_CAPS, 1 << 24, 45, "alice", new byte[20],
                Optional.of("orders"), "mysql_native_password", Map.of("k", "v"));
        List<byte[]> seeds = List.of(new Handshake("8.0", 1, new byte[20], CLIENT_CAPS | Capabilities.CLIENT_MYSQL, 45,
                2, "caching_sha2_password").toPayload(), answer.toPayload(), payload(Command.QUERY, "select 1"),
                new MysqlWire.Payload().int1(Command.CHANGE_USER).nulString("u").int1(1).int1(9).nulString("d")
                        .toBytes(), Replies.error(1045, "28000", "denied"), Replies.ok(1, 2));
        Random random = new Random(20261207);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = mutate(seeds.get(i % seeds.size()), random);
            try {
                switch (i % seeds.size()) {
                    case 0 -> Handshake.parse(input);
                    case 1 -> HandshakeResponse.parse(input);
                    case 4 -> Replies.errorOf(input);
                    case 5 -> Replies.okOf(input);
                    default -> Command.parse(input, CLIENT_CAPS);
                }
                new MysqlPackets(new ByteArrayInputStream(input), 1 << 16).read();
            } catch (MalformedMysqlPacket | EOFException expected) {
                // refused with a reason
            } catch (IOException | RuntimeException e) {
                fail("round " + i + ": " + e, e);
            }
        }
    }

    private static byte[] payload(int command, String text) {
        return new MysqlWire.Payload().int1(command).string(text).toBytes();
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        for (int e = 1 + random.nextInt(4); e > 0; e--) {
            switch (random.nextInt(4)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, Math.max(1, random.nextInt(b.length + 1)));
                default -> {
                    b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
                    b[b.length - 1] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }
}
