package io.gatehouse.auth.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.RecordingDto;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An asciicast recording of any size made up on the fly, one chunk at a time (never the whole file
 * in a byte[]), uploaded the way an agent does and read back as a stream.
 */
final class GeneratedRecording {
    static final int CHUNK = 512 * 1024;

    private final long size;
    private final byte[] pattern;
    private final byte[] header;

    GeneratedRecording(long size, String seed) {
        this.size = size;
        this.header = ("{\"version\": 2, \"width\": 80, \"height\": 24, \"title\": \"" + seed + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 997; i++) { // a prime number of lines, so chunks do not repeat exactly
            lines.append("[").append(i).append(".5, \"o\", \"").append(seed).append(" line ").append(i)
                    .append("\\r\\n\"]\n");
        }
        this.pattern = lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    long size() {
        return size;
    }

    /** Bytes [offset, offset + length) of the file. */
    byte[] slice(long offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            long at = offset + i;
            out[i] = at < header.length ? header[(int) at] : pattern[(int) ((at - header.length) % pattern.length)];
        }
        return out;
    }

    String sha256() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (long offset = 0; offset < size; offset += CHUNK) {
            sha.update(slice(offset, (int) Math.min(CHUNK, size - offset)));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Uploads every chunk; returns the reply to the completing call. */
    AuthClient.Reply upload(AuthClient node, String sessionId) throws Exception {
        for (long offset = 0; offset < size; offset += CHUNK) {
            var r = chunk(node, sessionId, offset);
            assertEquals(204, r.status(), r.body().toString());
        }
        return node.postJson("/v1/recordings/" + sessionId + "/complete", new RecordingDto.Complete(size, sha256()));
    }

    AuthClient.Reply chunk(AuthClient node, String sessionId, long offset) throws Exception {
        byte[] data = slice(offset, (int) Math.min(CHUNK, size - offset));
        return node.postJson("/v1/recordings/" + sessionId + "/chunks",
                new RecordingDto.Chunk(offset, Base64.getEncoder().encodeToString(data)));
    }

    /** What a played-back stream holds: its size and SHA-256, read 64 KiB at a time. */
    record Played(int status, long size, String sha256) {
    }

    static Played play(AuthClient user, String sessionId) throws Exception {
        var response = user.download("/v1/recordings/" + sessionId + "/content");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                size += n;
            }
        }
        return new Played(response.statusCode(), size, HexFormat.of().formatHex(sha.digest()));
    }

    /** What the node's SSH service reports when a session starts: the event that says where it ran. */
    static String startSession(AuthClient node, String nodeName, String user) throws Exception {
        String sessionId = UUID.randomUUID().toString();
        var r = node.postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(new NodeEvent(
                UUID.randomUUID().toString(), "session.start", true, Instant.now(), user, "node/" + nodeName,
                Map.of("session_id", sessionId, "login", "root", "kind", "shell")))));
        assertEquals(200, r.status(), r.body().toString());
        return sessionId;
    }
}
