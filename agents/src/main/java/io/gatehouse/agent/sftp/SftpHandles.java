package io.gatehouse.agent.sftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** The files and directories one SFTP session has open, by the opaque handle the client holds. */
final class SftpHandles implements AutoCloseable {
    /** Open handles per session, advertised through limits@openssh.com. */
    static final int MAX_OPEN = 512;

    sealed interface Handle extends AutoCloseable permits OpenFile, OpenDirectory {
        Path path();

        @Override
        void close() throws IOException;
    }

    record OpenFile(Path path, FileChannel channel, boolean append) implements Handle {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A directory being listed; "." and ".." come first, as readdir(3) gives them. */
    static final class OpenDirectory implements Handle {
        private final Path path;
        private final DirectoryStream<Path> stream;
        final Iterator<Path> entries;
        boolean dotsSent;

        OpenDirectory(Path path, DirectoryStream<Path> stream) {
            this.path = path;
            this.stream = stream;
            this.entries = stream.iterator();
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private final Map<String, Handle> open = new HashMap<>();
    private long next;

    boolean full() {
        return open.size() >= MAX_OPEN;
    }

    String add(Handle h) {
        String id = Long.toString(next++);
        open.put(id, h);
        return id;
    }

    Optional<Handle> get(String id) {
        return Optional.ofNullable(open.get(id));
    }

    Optional<Handle> remove(String id) {
        return Optional.ofNullable(open.remove(id));
    }

    @Override
    public void close() {
        for (Handle h : open.values()) {
            try {
                h.close();
            } catch (IOException ignored) {
                // the session is over; nothing to tell
            }
        }
        open.clear();
    }
}
