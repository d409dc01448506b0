package io.gatehouse.agent.recording;

import io.gatehouse.shared.api.RecordingDto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads finished recordings to auth and deletes them locally only once auth confirmed size and
 * checksum. Until then they stay on disk: an auth outage or an agent restart delays an upload,
 * never loses it. Chunks are idempotent by offset, so a retry resends safely.
 */
public final class RecordingUploader implements Runnable {
    /** Where recordings go: one call per chunk, and the closing call with size and checksum. */
    public interface Sink {
        void chunk(String sessionId, RecordingDto.Chunk chunk);

        void complete(String sessionId, RecordingDto.Complete done);
    }

    static final int CHUNK = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingUploader.class);

    private final Path dir;
    private final Sink sink;
    private final Duration interval;

    public RecordingUploader(Path dir, Sink sink, Duration interval) {
        this.dir = dir;
        this.sink = sink;
        this.interval = interval;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            uploadAll();
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One pass over the directory; returns how many recordings were uploaded. */
    public int uploadAll() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int done = 0;
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(dir, "*" + RecordingFiles.META)) {
            for (Path meta : metas) {
                try {
                    upload(RecordingFiles.read(meta));
                    done++;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("recording {} not uploaded yet ({}); will retry", meta.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list recordings in {}: {}", dir, e.getMessage());
        }
        return done;
    }

    private void upload(RecordingFiles.Finished r) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long offset = 0;
        try (InputStream in = Files.newInputStream(r.cast())) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buf, 0, CHUNK)) > 0) {
                byte[] part = Arrays.copyOf(buf, n);
                sha.update(part);
                sink.chunk(r.sessionId(), new RecordingDto.Chunk(offset, Base64.getEncoder().encodeToString(part)));
                offset += n;
            }
        }
        sink.complete(r.sessionId(), new RecordingDto.Complete(offset, HexFormat.of().formatHex(sha.digest())));
        Files.deleteIfExists(r.cast());
        Files.deleteIfExists(r.meta());
        LOG.info("recording of session {} uploaded ({} bytes)", r.sessionId(), offset);
    }
}
