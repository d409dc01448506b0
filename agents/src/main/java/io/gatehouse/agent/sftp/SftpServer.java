package io.gatehouse.agent.sftp;

import static io.gatehouse.agent.sftp.SftpProtocol.*;

import io.gatehouse.agent.sftp.SftpHandles.Handle;
import io.gatehouse.agent.sftp.SftpHandles.OpenDirectory;
import io.gatehouse.agent.sftp.SftpHandles.OpenFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SFTP version 3 server (draft-ietf-secsh-filexfer-02, the version OpenSSH speaks, with its
 * common extensions) over a pair of streams, one request at a time, answered in order. It runs
 * inside the login's own process (SftpMain), so every file operation is the login's: the OS
 * decides what it may read or write, and a path is just a path (no shell ever sees it; '..' and
 * symlinks resolve as the kernel resolves them).
 */
public final class SftpServer {
    /** Largest READ answered (the client asks again for the rest), as OpenSSH: packet limit less headroom. */
    static final int MAX_READ = SftpPacket.MAX_LENGTH - 1024;
    private static final int DIRECTORY_BATCH = 100;

    private final PrintStream log;
    private final SftpHandles handles = new SftpHandles();
    private final SftpExtensions extensions = new SftpExtensions(this);
    private OutputStream out;

    /** @param log where a broken session is explained (the client's stderr) */
    public SftpServer(PrintStream log) {
        this.log = log;
    }

    /** Serves until the client closes its side; @return the process exit code (0 on a clean end). */
    public int serve(InputStream input, OutputStream output) {
        BufferedInputStream in = new BufferedInputStream(input, 64 * 1024);
        out = new BufferedOutputStream(output, 64 * 1024);
        try (handles) {
            SftpPacket.Reader first = SftpPacket.read(in);
            if (first == null) {
                return 0;
            }
            if (first.u8() != INIT) {
                log.println("gatehouse sftp: the first packet was not SSH_FXP_INIT");
                return 2;
            }
            extensions.version(new SftpPacket.Writer(VERSION, 512).u32(3)).writeTo(out);
            out.flush();
            for (SftpPacket.Reader r = SftpPacket.read(in); r != null; r = SftpPacket.read(in)) {
                int type = r.u8();
                int id = r.u32();
                answer(type, id, r).writeTo(out);
                if (in.available() == 0) {
                    out.flush(); // batch answers to pipelined requests; never sit on one the client waits for
                }
            }
            out.flush();
            return 0;
        } catch (SftpPacket.Malformed e) {
            log.println("gatehouse sftp: bad request: " + e.getMessage());
            return 2;
        } catch (EOFException e) {
            return 0;
        } catch (IOException e) {
            // the channel closed under us: nobody is left to tell
            return 0;
        }
    }

    private SftpPacket.Writer answer(int type, int id, SftpPacket.Reader r) throws SftpPacket.Malformed {
        try {
            return switch (type) {
                case OPEN -> open(id, r.string(), r.u32(), SftpAttributes.decode(r));
                case CLOSE -> close(id, r.string());
                case READ -> read(id, r.string(), r.u64(), r.u32());
                case WRITE -> write(id, r.string(), r.u64(), r);
                case LSTAT -> attrs(id, SftpAttributes.of(path(r.string()), false));
                case STAT -> attrs(id, SftpAttributes.of(path(r.string()), true));
                case FSTAT -> attrs(id, SftpAttributes.of(handle(r.string()).path(), true));
                case SETSTAT -> setstat(id, path(r.string()), SftpAttributes.decode(r), true);
                case FSETSTAT -> setstat(id, handle(r.string()).path(), SftpAttributes.decode(r), true);
                case OPENDIR -> openDirectory(id, path(r.string()));
                case READDIR -> readDirectory(id, r.string());
                case REMOVE -> remove(id, path(r.string()));
                case MKDIR -> mkdir(id, path(r.string()), SftpAttributes.decode(r));
                case RMDIR -> rmdir(id, path(r.string()));
                case REALPATH -> name(id, realPath(r.string()).toString());
                case RENAME -> rename(id, path(r.string()), path(r.string()));
                case READLINK -> name(id, Files.readSymbolicLink(path(r.string())).toString());
                // OpenSSH sends (target, link), the reverse of the draft; its clients are the ones we serve.
                case SYMLINK -> symlink(id, r.string(), path(r.string()));
                case EXTENDED -> extensions.answer(id, r.string(), r);
                default -> status(id, OP_UNSUPPORTED, "Operation unsupported");
            };
        } catch (SftpPacket.Malformed e) {
            throw e;
        } catch (IOException e) {
            return failure(id, e);
        } catch (InvalidPathException e) {
            return status(id, NO_SUCH_FILE, "No such file (invalid path)");
        } catch (BadHandle e) {
            return status(id, FAILURE, e.getMessage());
        } catch (RuntimeException e) {
            return status(id, FAILURE, "Failure: " + e.getClass().getSimpleName());
        }
    }

    /** A handle the session never issued (or already closed). */
    static final class BadHandle extends RuntimeException {
        BadHandle() {
            super("Invalid handle");
        }
    }

    Handle handle(String id) {
        return handles.get(id).orElseThrow(BadHandle::new);
    }

    static Path path(String name) {
        return Path.of(name);
    }

    private SftpPacket.Writer open(int id, String name, int pflags, SftpAttributes attrs) throws IOException {
        if (handles.full()) {
            return status(id, FAILURE, "Too many open files");
        }
        Set<OpenOption> options = new HashSet<>();
        boolean append = (pflags & 0x04) != 0;
        if ((pflags & 0x01) != 0 || (pflags & 0x02) == 0 && !append) {
            options.add(StandardOpenOption.READ);
        }
        if ((pflags & 0x02) != 0) {
            options.add(StandardOpenOption.WRITE);
        }
        if (append) {
            options.add(StandardOpenOption.APPEND);
        }
        if ((pflags & 0x08) != 0) {
            options.add((pflags & 0x20) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((pflags & 0x10) != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        FileAttribute<?>[] create = attrs.has(SftpAttributes.PERMISSIONS)
                ? new FileAttribute<?>[] {permissions(attrs.permissions())} : new FileAttribute<?>[0];
        Path path = path(name);
        FileChannel channel = FileChannel.open(path, options, create);
        return handle(id, handles.add(new OpenFile(path, channel, append)));
    }

    /** The mode bits a new file or directory asks for (the login's umask still applies, as with open(2)). */
    static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE = 0400 .. 01
        for (int i = 0; i < all.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(all[i]);
            }
        }
        return PosixFilePermissions.asFileAttribute(set);
    }

    private SftpPacket.Writer close(int id, String handle) throws IOException {
        Handle h = handles.remove(handle).orElseThrow(BadHandle::new);
        h.close();
        return status(id, OK, "Success");
    }

    private SftpPacket.Writer read(int id, String handle, long offset, int length) throws IOException {
        if (!(handle(handle) instanceof OpenFile file)) {
            return status(id, FAILURE, "Not a file handle");
        }
        int n = (int) Math.min(Integer.toUnsignedLong(length), MAX_READ);
        SftpPacket.Writer w = new SftpPacket.Writer(DATA, n + 8).u32(id);
        byte[] data = new byte[n];
        int got = file.channel().read(ByteBuffer.wrap(data), offset);
        if (got < 0 || got == 0 && n > 0) {
            return status(id, EOF, "End of file");
        }
        return w.bytes(data, 0, got);
    }

    private SftpPacket.Writer write(int id, String handle, long offset, SftpPacket.Reader r) throws IOException {
        int[] slice = r.slice();
        if (!(handle(handle) instanceof OpenFile file)) {
            return status(id, FAILURE, "Not a file handle");
        }
        ByteBuffer data = ByteBuffer.wrap(r.array(), slice[0], slice[1]);
        // In append mode the offset is ignored, as with O_APPEND.
        long at = offset;
        while (data.hasRemaining()) {
            at += file.append() ? file.channel().write(data) : file.channel().write(data, at);
        }
        return status(id, OK, "Success");
    }

    SftpPacket.Writer setstat(int id, Path path, SftpAttributes attrs, boolean follow) throws IOException {
        attrs.apply(path, follow);
        return status(id, OK, "Success");
    }

    private SftpPacket.Writer openDirectory(int id, Path path) throws IOException {
        if (handles.full()) {
            return status(id, FAILURE, "Too many open files");
        }
        return handle(id, handles.add(new OpenDirectory(path, Files.newDirectoryStream(path))));
    }

    private SftpPacket.Writer readDirectory(int id, String handle) throws IOException {
        if (!(handle(handle) instanceof OpenDirectory dir)) {
            return status(id, FAILURE, "Not a directory handle");
        }
        Instant now = Instant.now();
        List<String[]> names = new ArrayList<>();
        List<SftpAttributes> attrs = new ArrayList<>();
        if (!dir.dotsSent) {
            dir.dotsSent = true;
            for (String dot : new String[] {".", ".."}) {
                addEntry(dir.path().resolve(dot), dot, now, names, attrs);
            }
        }
        while (names.size() < DIRECTORY_BATCH && dir.entries.hasNext()) {
            Path entry = dir.entries.next();
            addEntry(entry, entry.getFileName().toString(), now, names, attrs);
        }
        if (names.isEmpty()) {
            return status(id, EOF, "End of file");
        }
        SftpPacket.Writer w = new SftpPacket.Writer(NAME, 4096).u32(id).u32(names.size());
        for (int i = 0; i < names.size(); i++) {
            w.string(names.get(i)[0]).string(names.get(i)[1]);
            attrs.get(i).encode(w);
        }
        return w;
    }

    /** An entry that vanished or cannot be examined between the listing and the lstat is left out. */
    private static void addEntry(Path path, String name, Instant now, List<String[]> names, List<SftpAttributes> attrs) {
        try {
            Map<String, Object> a = SftpAttributes.read(path, false);
            names.add(new String[] {name, SftpAttributes.longName(name, a, now)});
            attrs.add(SftpAttributes.of(a));
        } catch (IOException ignored) {
            // as ls: an entry it cannot stat is not listed with made-up attributes
        }
    }

    private SftpPacket.Writer remove(int id, Path path) throws IOException {
        // REMOVE is unlink(2): never a directory, even an empty one (RMDIR is for those).
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return status(id, FAILURE, "Is a directory");
        }
        Files.delete(path);
        return status(id, OK, "Success");
    }

    private SftpPacket.Writer mkdir(int id, Path path, SftpAttributes attrs) throws IOException {
        Files.createDirectory(path, permissions(attrs.has(SftpAttributes.PERMISSIONS) ? attrs.permissions() : 0777));
        return status(id, OK, "Success");
    }

    private SftpPacket.Writer rmdir(int id, Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return status(id, Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? FAILURE : NO_SUCH_FILE,
                    Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "Not a directory" : "No such file");
        }
        Files.delete(path);
        return status(id, OK, "Success");
    }

    /** SFTP v3 RENAME does not replace an existing target (posix-rename@openssh.com does). */
    private SftpPacket.Writer rename(int id, Path from, Path to) throws IOException {
        Files.move(from, to);
        return status(id, OK, "Success");
    }

    private SftpPacket.Writer symlink(int id, String target, Path link) throws IOException {
        Files.createSymbolicLink(link, Path.of(target));
        return status(id, OK, "Success");
    }

    /**
     * realpath(3) that, as OpenSSH's, tolerates a missing last component (a file about to be
     * uploaded); "" is the working directory, which is the login's home.
     */
    static Path realPath(String name) throws IOException {
        Path p = path(name.isEmpty() ? "." : name).toAbsolutePath();
        try {
            return p.toRealPath();
        } catch (NoSuchFileException e) {
            Path parent = p.getParent();
            Path last = p.getFileName();
            if (parent == null || last == null || last.toString().equals(".") || last.toString().equals("..")) {
                throw e;
            }
            return parent.toRealPath().resolve(last);
        }
    }

    SftpPacket.Writer name(int id, String name) {
        SftpPacket.Writer w = new SftpPacket.Writer(NAME, name.length() * 2 + 32).u32(id).u32(1);
        w.string(name).string(name);
        SftpAttributes.NONE.encode(w);
        return w;
    }

    private SftpPacket.Writer attrs(int id, SftpAttributes a) {
        SftpPacket.Writer w = new SftpPacket.Writer(ATTRS, 64).u32(id);
        a.encode(w);
        return w;
    }

    private SftpPacket.Writer handle(int id, String handle) {
        return new SftpPacket.Writer(HANDLE, 32).u32(id).string(handle);
    }
}
