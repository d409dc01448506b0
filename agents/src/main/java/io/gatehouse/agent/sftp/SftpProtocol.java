package io.gatehouse.agent.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** SFTP v3's message types and status codes (draft-ietf-secsh-filexfer-02), and the STATUS reply. */
final class SftpProtocol {
    private SftpProtocol() {
    }

    static final int INIT = 1;
    static final int VERSION = 2;
    static final int OPEN = 3;
    static final int CLOSE = 4;
    static final int READ = 5;
    static final int WRITE = 6;
    static final int LSTAT = 7;
    static final int FSTAT = 8;
    static final int SETSTAT = 9;
    static final int FSETSTAT = 10;
    static final int OPENDIR = 11;
    static final int READDIR = 12;
    static final int REMOVE = 13;
    static final int MKDIR = 14;
    static final int RMDIR = 15;
    static final int REALPATH = 16;
    static final int STAT = 17;
    static final int RENAME = 18;
    static final int READLINK = 19;
    static final int SYMLINK = 20;
    static final int STATUS = 101;
    static final int HANDLE = 102;
    static final int DATA = 103;
    static final int NAME = 104;
    static final int ATTRS = 105;
    static final int EXTENDED = 200;
    static final int EXTENDED_REPLY = 201;

    static final int OK = 0;
    static final int EOF = 1;
    static final int NO_SUCH_FILE = 2;
    static final int PERMISSION_DENIED = 3;
    static final int FAILURE = 4;
    static final int OP_UNSUPPORTED = 8;

    static SftpPacket.Writer status(int id, int code, String message) {
        return new SftpPacket.Writer(STATUS, message.length() + 16).u32(id).u32(code).string(message).string("");
    }

    /** The status OpenSSH's sftp-server would send for this errno. */
    static SftpPacket.Writer failure(int id, IOException e) {
        if (e instanceof NoSuchFileException) {
            return status(id, NO_SUCH_FILE, "No such file");
        }
        if (e instanceof AccessDeniedException) {
            return status(id, PERMISSION_DENIED, "Permission denied");
        }
        if (e instanceof FileAlreadyExistsException) {
            return status(id, FAILURE, "File exists");
        }
        if (e instanceof DirectoryNotEmptyException) {
            return status(id, FAILURE, "Directory not empty");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return status(id, f.getReason().contains("not permitted") ? PERMISSION_DENIED : FAILURE, f.getReason());
        }
        return status(id, FAILURE, "Failure");
    }
}
