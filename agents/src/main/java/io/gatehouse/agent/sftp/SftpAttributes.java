package io.gatehouse.agent.sftp;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * A file's SFTP v3 attributes (ATTRS, section 5): what is present is said by {@code flags}.
 * Read from the file system through the JDK's "unix" view (uid, gid and the full st_mode, type
 * bits included, which clients need to tell files from directories).
 */
record SftpAttributes(int flags, long size, int uid, int gid, int permissions, long atime, long mtime) {
    static final int SIZE = 0x1;
    static final int UIDGID = 0x2;
    static final int PERMISSIONS = 0x4;
    static final int ACMODTIME = 0x8;
    static final int EXTENDED = 0x80000000;
    static final SftpAttributes NONE = new SftpAttributes(0, 0, 0, 0, 0, 0, 0);
    private static final String UNIX = "unix:size,uid,gid,mode,nlink,owner,group,lastAccessTime,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean isDirectory() {
        return has(PERMISSIONS) && (permissions & S_IFMT) == S_IFDIR;
    }

    static SftpAttributes decode(SftpPacket.Reader r) throws SftpPacket.Malformed {
        int flags = r.u32();
        long size = (flags & SIZE) != 0 ? r.u64() : 0;
        int uid = 0;
        int gid = 0;
        if ((flags & UIDGID) != 0) {
            uid = r.u32();
            gid = r.u32();
        }
        int perms = (flags & PERMISSIONS) != 0 ? r.u32() : 0;
        long atime = 0;
        long mtime = 0;
        if ((flags & ACMODTIME) != 0) {
            atime = r.u32() & 0xffffffffL;
            mtime = r.u32() & 0xffffffffL;
        }
        if ((flags & EXTENDED) != 0) {
            int count = r.u32();
            for (int i = 0; i < count; i++) { // no extended attributes are understood: skipped
                r.slice();
                r.slice();
            }
        }
        return new SftpAttributes(flags & ~EXTENDED, size, uid, gid, perms, atime, mtime);
    }

    void encode(SftpPacket.Writer w) {
        w.u32(flags);
        if (has(SIZE)) {
            w.u64(size);
        }
        if (has(UIDGID)) {
            w.u32(uid).u32(gid);
        }
        if (has(PERMISSIONS)) {
            w.u32(permissions);
        }
        if (has(ACMODTIME)) {
            w.u32(atime).u32(mtime);
        }
    }

    /** The file's attributes as stat (follow) or lstat (not) sees them. */
    static SftpAttributes of(Path path, boolean follow) throws IOException {
        return of(read(path, follow));
    }

    static Map<String, Object> read(Path path, boolean follow) throws IOException {
        return follow ? Files.readAttributes(path, UNIX) : Files.readAttributes(path, UNIX, LinkOption.NOFOLLOW_LINKS);
    }

    static SftpAttributes of(Map<String, Object> a) {
        return new SftpAttributes(SIZE | UIDGID | PERMISSIONS | ACMODTIME, (Long) a.get("size"), (Integer) a.get("uid"),
                (Integer) a.get("gid"), (Integer) a.get("mode"), seconds(a.get("lastAccessTime")),
                seconds(a.get("lastModifiedTime")));
    }

    private static long seconds(Object time) {
        return ((FileTime) time).toInstant().getEpochSecond();
    }

    /**
     * Applies what is present, in sftp-server's order: size, permissions, times, owner. Every
     * change is made as the login, so the OS decides what it may change.
     */
    void apply(Path path, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        if (has(SIZE)) {
            // RandomAccessFile.setLength is ftruncate: it grows a file too (FileChannel.truncate only shrinks).
            try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                f.setLength(size);
            }
        }
        if (has(PERMISSIONS)) {
            Files.setAttribute(path, "unix:mode", permissions & 07777, opts);
        }
        if (has(ACMODTIME)) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, opts).setTimes(
                    FileTime.from(Instant.ofEpochSecond(mtime)), FileTime.from(Instant.ofEpochSecond(atime)), null);
        }
        if (has(UIDGID)) {
            Files.setAttribute(path, "unix:uid", uid, opts);
            Files.setAttribute(path, "unix:gid", gid, opts);
        }
    }

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ROOT);

    /** The "ls -l" line READDIR carries (sftp's "ls -l" shows it), in OpenSSH's layout. */
    static String longName(String name, Map<String, Object> a, Instant now) {
        int mode = (Integer) a.get("mode");
        Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
        boolean recent = mtime.isAfter(now.minusSeconds(182L * 86400)) && !mtime.isAfter(now.plusSeconds(3600));
        String when = (recent ? RECENT : OLD).format(mtime.atZone(ZoneId.systemDefault()));
        return String.format(Locale.ROOT, "%-10s %3d %-8s %-8s %8d %s %s", modeString(mode), a.get("nlink"),
                principal(a.get("owner")), principal(a.get("group")), (Long) a.get("size"), when, name);
    }

    private static String principal(Object p) {
        return p == null ? "?" : p.toString();
    }

    static String modeString(int mode) {
        char type = switch (mode & S_IFMT) {
            case S_IFDIR -> 'd';
            case 0120000 -> 'l';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            default -> '-';
        };
        StringBuilder s = new StringBuilder().append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        if ((mode & 04000) != 0) {
            s.setCharAt(3, (mode & 0100) != 0 ? 's' : 'S');
        }
        if ((mode & 02000) != 0) {
            s.setCharAt(6, (mode & 010) != 0 ? 's' : 'S');
        }
        if ((mode & 01000) != 0) {
            s.setCharAt(9, (mode & 01) != 0 ? 't' : 'T');
        }
        return s.toString();
    }
}
