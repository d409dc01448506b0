package io.gatehouse.agent.sftp;

import io.gatehouse.agent.sftp.SftpHandles.OpenFile;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The OpenSSH extensions its clients use when offered: atomic replacing rename (sftp's rename,
 * rsync-like tools), "~" expansion (scp's "host:~/file" in SFTP mode), limits (bigger reads),
 * fsync, hard links, df and lsetstat. Anything else is "unsupported", never guessed.
 */
final class SftpExtensions {
    private final SftpServer server;

    SftpExtensions(SftpServer server) {
        this.server = server;
    }

    SftpPacket.Writer version(SftpPacket.Writer w) {
        String[][] offered = {{"posix-rename@openssh.com", "1"}, {"statvfs@openssh.com", "2"},
            {"fstatvfs@openssh.com", "2"}, {"hardlink@openssh.com", "1"}, {"fsync@openssh.com", "1"},
            {"lsetstat@openssh.com", "1"}, {"limits@openssh.com", "1"}, {"expand-path@openssh.com", "1"}};
        for (String[] e : offered) {
            w.string(e[0]).string(e[1]);
        }
        return w;
    }

    SftpPacket.Writer answer(int id, String name, SftpPacket.Reader r) throws IOException {
        return switch (name) {
            case "posix-rename@openssh.com" -> {
                Path from = SftpServer.path(r.string());
                Files.move(from, SftpServer.path(r.string()), StandardCopyOption.ATOMIC_MOVE); // rename(2)
                yield SftpProtocol.status(id, SftpProtocol.OK, "Success");
            }
            case "hardlink@openssh.com" -> {
                Path existing = SftpServer.path(r.string());
                Files.createLink(SftpServer.path(r.string()), existing);
                yield SftpProtocol.status(id, SftpProtocol.OK, "Success");
            }
            case "fsync@openssh.com" -> {
                if (!(server.handle(r.string()) instanceof OpenFile file)) {
                    yield SftpProtocol.status(id, SftpProtocol.FAILURE, "Not a file handle");
                }
                file.channel().force(true);
                yield SftpProtocol.status(id, SftpProtocol.OK, "Success");
            }
            case "lsetstat@openssh.com" -> server.setstat(id, SftpServer.path(r.string()), SftpAttributes.decode(r),
                    false);
            case "statvfs@openssh.com" -> statvfs(id, SftpServer.path(r.string()));
            case "fstatvfs@openssh.com" -> statvfs(id, server.handle(r.string()).path());
            case "limits@openssh.com" -> new SftpPacket.Writer(SftpProtocol.EXTENDED_REPLY, 40).u32(id)
                    .u64(SftpPacket.MAX_LENGTH).u64(SftpServer.MAX_READ).u64(SftpServer.MAX_READ)
                    .u64(SftpHandles.MAX_OPEN);
            case "expand-path@openssh.com" -> server.name(id, SftpServer.realPath(expandHome(r.string())).toString());
            default -> SftpProtocol.status(id, SftpProtocol.OP_UNSUPPORTED, "Operation unsupported");
        };
    }

    /** "~" and "~/x" are the login's home, "~user/x" that user's; anything else is left as it is. */
    static String expandHome(String path) throws IOException {
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/');
        String user = path.substring(1, slash < 0 ? path.length() : slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        String home = user.isEmpty() ? System.getProperty("user.home") : homeOf(user)
                .orElseThrow(() -> new java.nio.file.NoSuchFileException(path));
        return rest.isEmpty() ? home : home + "/" + rest;
    }

    private static Optional<String> homeOf(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().map(l -> l.split(":", -1))
                .filter(f -> f.length > 5 && f[0].equals(user)).map(f -> f[5]).findFirst();
    }

    /** df's numbers (statvfs@openssh.com reply); the JDK gives sizes, not inode counts, so those are 0. */
    private SftpPacket.Writer statvfs(int id, Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        long block = Math.max(1, store.getBlockSize());
        return new SftpPacket.Writer(SftpProtocol.EXTENDED_REPLY, 96).u32(id).u64(block).u64(block)
                .u64(store.getTotalSpace() / block).u64(store.getUnallocatedSpace() / block)
                .u64(store.getUsableSpace() / block).u64(0).u64(0).u64(0).u64(0)
                .u64(store.isReadOnly() ? 1 : 0).u64(255);
    }
}
