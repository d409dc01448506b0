package io.gatehouse.shared.db.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PgProtocolTest {
    private static PgMessageReader reader(byte[] bytes) {
        return new PgMessageReader(new ByteArrayInputStream(bytes), 1 << 20);
    }

    @Test
    void psqlsStartupBytesAreReadAsPsqlMeantThem() throws IOException {
        // What psql 15 sends: protocol 3.0, user, database, application_name, client_encoding.
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", "alice");
        p.put("database", "orders");
        p.put("application_name", "psql");
        p.put("client_encoding", "UTF8");
        byte[] wire = new StartupPacket.StartupMessage(StartupPacket.PROTOCOL_3_0, p).write();
        assertEquals("00030000", HexFormat.of().formatHex(wire, 4, 8), "protocol 3.0 on the wire");
        var read = assertInstanceOf(StartupPacket.StartupMessage.class, reader(wire).startup());
        assertEquals(p, read.parameters());
        assertEquals(Optional.of("alice"), read.user());
        assertEquals(Optional.of("orders"), read.database());
        assertEquals(Optional.of("bob"), new StartupPacket.StartupMessage(StartupPacket.PROTOCOL_3_0,
                Map.of("user", "bob")).database(), "PostgreSQL's default database is the user's name");
        assertEquals("postgres", read.with("user", "postgres").user().orElseThrow());
    }

    @Test
    void encryptionAndCancelRequestsAreRecognised() throws IOException {
        assertEquals(new StartupPacket.SslRequest(), reader(HexFormat.of().parseHex("0000000804d2162f")).startup());
        assertEquals(new StartupPacket.GssEncRequest(), reader(HexFormat.of().parseHex("0000000804d21630"))
                .startup());
        var cancel = new StartupPacket.CancelRequest(4242, new byte[] {1, 2, 3, 4});
        assertEquals(cancel, reader(cancel.write()).startup());
        var longKey = new StartupPacket.CancelRequest(7, new byte[32]); // protocol 3.2's longer keys
        assertEquals(longKey, reader(longKey.write()).startup());
    }

    @Test
    void startupPacketsThatAreNotPostgresAreRefusedWithAReason() {
        var tooLong = assertThrows(MalformedPgMessage.class, () -> reader(HexFormat.of().parseHex("00100000"))
                .startup());
        assertTrue(tooLong.getMessage().contains("not between 8 and 10000"), tooLong.getMessage());
        // HTTP sent to a PostgreSQL port: "GET " is a length of 1.19 GB.
        assertThrows(MalformedPgMessage.class, () -> reader("GET / HTTP/1.1\r\n".getBytes()).startup());
        var v2 = assertThrows(MalformedPgMessage.class, () -> reader(frame(0x00020000, "user", "a")).startup());
        assertTrue(v2.getMessage().contains("protocol 2.0 is not supported"), v2.getMessage());
        var noUser = assertThrows(MalformedPgMessage.class, () -> reader(frame(StartupPacket.PROTOCOL_3_0,
                "database", "x")).startup());
        assertTrue(noUser.getMessage().contains("names no user"), noUser.getMessage());
        var twice = assertThrows(MalformedPgMessage.class, () -> reader(frame(StartupPacket.PROTOCOL_3_0, "user", "a",
                "user", "b")).startup());
        assertTrue(twice.getMessage().contains("'user' twice"), twice.getMessage());
        assertThrows(EOFException.class, () -> reader(new byte[0]).startup());
    }

    @Test
    void extendedProtocolMessagesKeepTheStatementButNotTheValues() throws IOException {
        byte[] parse = new PgWire.Body().cstring("s1").cstring("SELECT * FROM t WHERE id = $1").int16(1).int32(23)
                .toBytes();
        assertEquals(new FrontendMessage.Parse("s1", "SELECT * FROM t WHERE id = $1", List.of(23)),
                FrontendMessage.parse(new PgMessage('P', parse)));
        byte[] bind = new PgWire.Body().cstring("").cstring("s1").int16(1).int16(0).int16(2).int32(6)
                .bytes("secret".getBytes()).int32(-1).int16(0).toBytes();
        var b = assertInstanceOf(FrontendMessage.Bind.class, FrontendMessage.parse(new PgMessage('B', bind)));
        assertEquals(List.of(6, -1), b.parameterLengths());
        assertTrue(!b.toString().contains("secret"), "a bound value never appears in what is kept");
        assertEquals(new FrontendMessage.Execute("", 0), FrontendMessage.parse(new PgMessage('E',
                new PgWire.Body().cstring("").int32(0).toBytes())));
        assertEquals(new FrontendMessage.Query("select 1"), FrontendMessage.parse(new PgMessage('Q',
                new PgWire.Body().cstring("select 1").toBytes())));
        assertEquals(new FrontendMessage.AuthenticationResponse(7), FrontendMessage.parse(new PgMessage('p',
                "hunter2".getBytes())));
    }

    @Test
    void messagesThatLieAboutTheirContentAreRefused() {
        // A Bind whose parameter claims more bytes than the message holds.
        byte[] bind = new PgWire.Body().cstring("").cstring("").int16(0).int16(1).int32(1000).toBytes();
        var e = assertThrows(MalformedPgMessage.class, () -> FrontendMessage.parse(new PgMessage('B', bind)));
        assertTrue(e.getMessage().contains("ends where"), e.getMessage());
        assertThrows(MalformedPgMessage.class, () -> FrontendMessage.parse(new PgMessage('Q', "no NUL".getBytes())));
        assertThrows(MalformedPgMessage.class, () -> FrontendMessage.parse(new PgMessage('D',
                new PgWire.Body().int8('X').cstring("").toBytes())));
        assertThrows(MalformedPgMessage.class, () -> FrontendMessage.parse(new PgMessage('S', new byte[] {1})));
    }

    @Test
    void largeMessagesStreamWithoutBeingRead() throws IOException {
        byte[] row = new byte[3 << 20];
        row[row.length - 1] = 7;
        byte[] wire = new PgMessage('D', row).toBytes();
        PgMessageReader r = new PgMessageReader(new ByteArrayInputStream(wire), 64 * 1024);
        PgMessageReader.Header h = r.next();
        assertEquals('D', h.typeChar());
        assertEquals(row.length, h.bodyLength());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.copy(h, out);
        assertArrayEquals(wire, out.toByteArray());
        var tooBig = assertThrows(MalformedPgMessage.class, () -> new PgMessageReader(new ByteArrayInputStream(wire),
                64 * 1024).body(new PgMessageReader(new ByteArrayInputStream(wire), 1).next()));
        assertTrue(tooBig.getMessage().contains("larger than the 65536 bytes"), tooBig.getMessage());
    }

    @Test
    void theServersAnswersAreWrittenAndReadAlike() throws IOException {
        PgMessage err = BackendMessage.fatal(BackendMessage.INVALID_AUTHORIZATION,
                "no role of alice allows database user 'postgres' on 'orders-db'", "ask for access with gate request");
        PgMessageReader r = reader(err.toBytes());
        var f = BackendMessage.fields(r.body(r.next()));
        assertEquals("FATAL", f.severity());
        assertEquals("28000", f.code());
        assertEquals("no role of alice allows database user 'postgres' on 'orders-db'", f.message());
        assertEquals('T', BackendMessage.transactionStatus(BackendMessage.readyForQuery('T')));
        assertEquals(new StartupPacket.CancelRequest(99, new byte[] {9, 9, 9, 9}),
                BackendMessage.cancelKey(BackendMessage.backendKeyData(99, new byte[] {9, 9, 9, 9})));
        assertEquals(0, BackendMessage.authenticationCode(BackendMessage.authenticationOk()));
        assertEquals("SELECT 3", BackendMessage.commandTag(new PgMessage('C', new PgWire.Body().cstring("SELECT 3")
                .toBytes())));
        assertThrows(MalformedPgMessage.class, () -> BackendMessage.transactionStatus(new PgMessage('Z',
                new byte[] {'Q'})));
        assertThrows(MalformedPgMessage.class, () -> BackendMessage.commandTag(BackendMessage.readyForQuery('I')));
    }

    @Test
    void aHeaderWithAnImpossibleLengthIsRefused() {
        assertThrows(MalformedPgMessage.class, () -> reader(new byte[] {'Q', 0, 0, 0, 3}).next());
        assertThrows(MalformedPgMessage.class, () -> reader(new byte[] {'Q', 0x7f, 0, 0, 0}).next());
        assertThrows(MalformedPgMessage.class, () -> reader(new byte[] {'Q', 0, 0}).next());
        assertThrows(EOFException.class, () -> reader(new byte[0]).next());
    }

    private static byte[] frame(int protocol, String... pairs) {
        PgWire.Body b = new PgWire.Body().int32(protocol);
        for (String s : pairs) {
            b.cstring(s);
        }
        byte[] body = b.int8(0).toBytes();
        return new PgWire.Body().int32(body.length + 4).bytes(body).toBytes();
    }
}
