package io.gatehouse.agent.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A scripted session that walks the SFTP process through what scp and sftp do (realpath, stat,
 * upload, download, listing, rename, remove) so the JDK's AOT cache holds the classes and
 * profiles every real session needs at start (SftpLauncher). Run in an empty scratch directory.
 */
final class SftpTraining {
    private SftpTraining() {
    }

    static byte[] session() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        int id = 0;
        try {
            new SftpPacket.Writer(SftpProtocol.INIT, 4).u32(3).writeTo(s);
            req(s, SftpProtocol.REALPATH, ++id).string(".").writeTo(s);
            attrs(req(s, SftpProtocol.MKDIR, ++id).string("t"), 0).writeTo(s);
            attrs(req(s, SftpProtocol.OPEN, ++id).string("t/f").u32(0x02 | 0x08 | 0x10), SftpAttributes.PERMISSIONS)
                    .u32(0644).writeTo(s);
            byte[] data = new byte[64 * 1024];
            req(s, SftpProtocol.WRITE, ++id).string("0").u64(0).bytes(data, 0, data.length).writeTo(s);
            attrs(req(s, SftpProtocol.FSETSTAT, ++id).string("0"), SftpAttributes.ACMODTIME).u32(1).u32(1).writeTo(s);
            req(s, SftpProtocol.CLOSE, ++id).string("0").writeTo(s);
            attrs(req(s, SftpProtocol.OPEN, ++id).string("t/f").u32(0x01), 0).writeTo(s);
            req(s, SftpProtocol.FSTAT, ++id).string("1").writeTo(s);
            req(s, SftpProtocol.READ, ++id).string("1").u64(0).u32(32 * 1024).writeTo(s);
            req(s, SftpProtocol.READ, ++id).string("1").u64(64 * 1024).u32(32 * 1024).writeTo(s);
            req(s, SftpProtocol.CLOSE, ++id).string("1").writeTo(s);
            req(s, SftpProtocol.STAT, ++id).string("t/f").writeTo(s);
            req(s, SftpProtocol.LSTAT, ++id).string("t/nothing").writeTo(s);
            req(s, SftpProtocol.OPENDIR, ++id).string("t").writeTo(s);
            req(s, SftpProtocol.READDIR, ++id).string("2").writeTo(s);
            req(s, SftpProtocol.READDIR, ++id).string("2").writeTo(s);
            req(s, SftpProtocol.CLOSE, ++id).string("2").writeTo(s);
            req(s, SftpProtocol.EXTENDED, ++id).string("limits@openssh.com").writeTo(s);
            req(s, SftpProtocol.EXTENDED, ++id).string("expand-path@openssh.com").string("~").writeTo(s);
            req(s, SftpProtocol.EXTENDED, ++id).string("posix-rename@openssh.com").string("t/f").string("t/g")
                    .writeTo(s);
            req(s, SftpProtocol.REMOVE, ++id).string("t/g").writeTo(s);
            req(s, SftpProtocol.RMDIR, ++id).string("t").writeTo(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return s.toByteArray();
    }

    private static SftpPacket.Writer req(ByteArrayOutputStream s, int type, int id) {
        return new SftpPacket.Writer(type, 128).u32(id);
    }

    private static SftpPacket.Writer attrs(SftpPacket.Writer w, int flags) {
        return w.u32(flags);
    }
}
