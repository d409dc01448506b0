package io.gatehouse.agent.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP engine fed bytes in, bytes asserted out (no process, no client). */
class SftpServerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private int exit;

    private SftpPacket.Writer req(int type, int id) {
        return new SftpPacket.Writer(type, 64).u32(id);
    }

    private void send(SftpPacket.Writer w) throws IOException {
        w.writeTo(requests);
    }

    /** Runs the server over what was sent; @return its answers after VERSION, each as a reader past the type. */
    private List<Reply> run() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exit = new SftpServer(new PrintStream(errors, true, StandardCharsets.UTF_8)).serve(
                new ByteArrayInputStream(requests.toByteArray()), out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        List<Reply> replies = new ArrayList<>();
        for (SftpPacket.Reader r = SftpPacket.read(in); r != null; r = SftpPacket.read(in)) {
            replies.add(new Reply(r.u8(), r));
        }
        return replies;
    }

    private record Reply(int type, SftpPacket.Reader r) {
    }

    private void init() throws IOException {
        new SftpPacket.Writer(SftpProtocol.INIT, 4).u32(3).writeTo(requests);
    }

    @Test
    void versionThreeWithOpenSshExtensions() throws Exception {
        init();
        Reply version = run().get(0);
        assertEquals(SftpProtocol.VERSION, version.type());
        assertEquals(3, version.r().u32());
        List<String> names = new ArrayList<>();
        try {
            while (true) {
                names.add(version.r().string());
                version.r().string();
            }
        } catch (SftpPacket.Malformed end) {
            // end of the extension list
        }
        assertTrue(names.containsAll(List.of("posix-rename@openssh.com", "limits@openssh.com",
                "expand-path@openssh.com", "fsync@openssh.com")), names.toString());
        assertEquals(0, exit);
    }

    @Test
    void writeThenReadBackAFileWithTheAskedPermissions() throws Exception {
        String file = dir.resolve("f.bin").toString();
        byte[] data = "hello, sftp\n".getBytes(StandardCharsets.UTF_8);
        init();
        send(req(SftpProtocol.OPEN, 1).string(file).u32(0x02 | 0x08 | 0x10).u32(SftpAttributes.PERMISSIONS).u32(0600));
        send(req(SftpProtocol.WRITE, 2).string("0").u64(0).bytes(data, 0, data.length));
        send(req(SftpProtocol.CLOSE, 3).string("0"));
        send(req(SftpProtocol.OPEN, 4).string(file).u32(0x01).u32(0));
        send(req(SftpProtocol.READ, 5).string("1").u64(0).u32(1000));
        send(req(SftpProtocol.READ, 6).string("1").u64(data.length).u32(1000));
        send(req(SftpProtocol.STAT, 7).string(file));
        List<Reply> replies = run();
        assertEquals(SftpProtocol.HANDLE, replies.get(1).type());
        assertStatus(replies.get(2), 2, SftpProtocol.OK);
        assertStatus(replies.get(3), 3, SftpProtocol.OK);
        Reply read = replies.get(5);
        assertEquals(SftpProtocol.DATA, read.type());
        assertEquals(5, read.r().u32());
        assertArrayEquals(data, read.r().bytes());
        assertStatus(replies.get(6), 6, SftpProtocol.EOF);
        Reply stat = replies.get(7);
        assertEquals(SftpProtocol.ATTRS, stat.type());
        assertEquals(7, stat.r().u32());
        SftpAttributes a = SftpAttributes.decode(stat.r());
        assertEquals(data.length, a.size());
        assertEquals(0100600, a.permissions(), Integer.toOctalString(a.permissions()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f.bin"))));
    }

    @Test
    void errorsAreStatusesWithOpenSshCodes() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("exists"), "x");
        init();
        send(req(SftpProtocol.OPEN, 1).string(dir.resolve("missing/f").toString()).u32(0x01).u32(0));
        send(req(SftpProtocol.READ, 2).string("no-such-handle").u64(0).u32(10));
        send(req(SftpProtocol.REMOVE, 3).string(dir.resolve("d").toString()));
        send(req(SftpProtocol.RENAME, 4).string(dir.resolve("d").toString()).string(dir.resolve("exists").toString()));
        send(req(SftpProtocol.EXTENDED, 5).string("copy-data"));
        send(req(99, 6));
        send(req(SftpProtocol.STAT, 7).string("nul\0inside"));
        List<Reply> replies = run();
        assertStatus(replies.get(1), 1, SftpProtocol.NO_SUCH_FILE);
        assertStatus(replies.get(2), 2, SftpProtocol.FAILURE);
        assertStatus(replies.get(3), 3, SftpProtocol.FAILURE);
        assertTrue(Files.isDirectory(dir.resolve("d")), "REMOVE never removes a directory");
        assertStatus(replies.get(4), 4, SftpProtocol.FAILURE);
        assertEquals("x", Files.readString(dir.resolve("exists")), "RENAME does not replace");
        assertStatus(replies.get(5), 5, SftpProtocol.OP_UNSUPPORTED);
        assertStatus(replies.get(6), 6, SftpProtocol.OP_UNSUPPORTED);
        assertStatus(replies.get(7), 7, SftpProtocol.NO_SUCH_FILE);
        assertEquals(0, exit);
    }

    @Test
    void realpathToleratesAMissingLastComponentAndResolvesDotDot() throws Exception {
        Files.createDirectory(dir.resolve("a"));
        init();
        send(req(SftpProtocol.REALPATH, 1).string(dir.resolve("a/../a/new.txt").toString()));
        send(req(SftpProtocol.REALPATH, 2).string(dir.resolve("nope/new.txt").toString()));
        List<Reply> replies = run();
        Reply name = replies.get(1);
        assertEquals(SftpProtocol.NAME, name.type());
        assertEquals(1, name.r().u32());
        assertEquals(1, name.r().u32());
        assertEquals(dir.toRealPath().resolve("a/new.txt").toString(), name.r().string());
        assertStatus(replies.get(2), 2, SftpProtocol.NO_SUCH_FILE);
    }

    @Test
    void aDirectoryListsDotsAndEntriesThenEof() throws Exception {
        Files.writeString(dir.resolve("one"), "1");
        Files.createDirectory(dir.resolve("two"));
        init();
        send(req(SftpProtocol.OPENDIR, 1).string(dir.toString()));
        send(req(SftpProtocol.READDIR, 2).string("0"));
        send(req(SftpProtocol.READDIR, 3).string("0"));
        List<Reply> replies = run();
        Reply names = replies.get(2);
        assertEquals(SftpProtocol.NAME, names.type());
        assertEquals(2, names.r().u32());
        int count = names.r().u32();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = names.r().string();
            String longName = names.r().string();
            SftpAttributes a = SftpAttributes.decode(names.r());
            seen.add(name);
            if (name.equals("two")) {
                assertTrue(a.isDirectory() && longName.startsWith("d") && longName.endsWith(" two"), longName);
            }
        }
        assertEquals(List.of(".", "..", "one", "two"), seen.stream().sorted().toList());
        assertStatus(replies.get(3), 3, SftpProtocol.EOF);
    }

    @Test
    void aLyingPacketLengthEndsTheSessionWithoutAnAnswer() throws Exception {
        init();
        requests.write(new byte[] {0x7f, 0, 0, 0, SftpProtocol.OPEN});
        List<Reply> replies = run();
        assertEquals(1, replies.size()); // VERSION only
        assertEquals(2, exit);
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("packet length"), errors.toString());
    }

    @Test
    void aTruncatedRequestEndsTheSession() throws Exception {
        init();
        // OPEN whose file name claims 1000 bytes inside a 20-byte packet
        send(req(SftpProtocol.OPEN, 1).u32(1000).u32(0).u32(0).u32(0));
        run();
        assertEquals(2, exit);
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("packet too short"), errors.toString());
    }

    @Test
    void anythingBeforeInitIsRefused() throws Exception {
        send(req(SftpProtocol.OPEN, 1).string("/etc/passwd").u32(1).u32(0));
        assertEquals(0, run().size());
        assertEquals(2, exit);
    }

    private static void assertStatus(Reply reply, int id, int code) throws IOException {
        assertEquals(SftpProtocol.STATUS, reply.type());
        assertEquals(id, reply.r().u32());
        assertEquals(code, reply.r().u32());
    }
}
