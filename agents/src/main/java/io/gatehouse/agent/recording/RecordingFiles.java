package io.gatehouse.agent.recording;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.ApiJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recordings directory: SESSION.cast while a session is recorded, plus SESSION.meta.json
 * (written atomically) once it ended — the sign for the uploader that the file is complete.
 */
public final class RecordingFiles {
    public static final String META = ".meta.json";

    /** A finished recording waiting for upload. */
    public record Finished(String sessionId, Path cast, Path meta, String user, String login, Instant started) {
    }

    private RecordingFiles() {
    }

    public static void finished(Path dir, String sessionId, String user, String login, Instant started)
            throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("user", user);
        meta.put("login", login);
        meta.put("started", started.toString());
        Path tmp = dir.resolve(sessionId + META + ".tmp");
        Files.writeString(tmp, ApiJson.newMapper().writeValueAsString(meta));
        Files.move(tmp, dir.resolve(sessionId + META), StandardCopyOption.ATOMIC_MOVE);
    }

    public static Finished read(Path meta) throws IOException {
        JsonNode m = ApiJson.newMapper().readTree(Files.readString(meta));
        String name = meta.getFileName().toString();
        String id = name.substring(0, name.length() - META.length());
        return new Finished(id, meta.resolveSibling(id + ".cast"), meta, m.path("user").asText(),
                m.path("login").asText(), Instant.parse(m.path("started").asText()));
    }
}
