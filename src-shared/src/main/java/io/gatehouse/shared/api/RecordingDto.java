package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Session recordings as nodes upload them (in chunks) and users list them. The content itself
 * (asciicast v2, or a desktop recording) is never in a DTO: it is streamed as bytes from
 * {@code /v1/recordings/SESSION/content}, so no side holds a whole recording in memory.
 */
public final class RecordingDto {
    private RecordingDto() {
    }

    /**
     * One piece of a recording at {@code offset}, {@code data} base64. Who the session was for and
     * when it started are not the uploader's to say: auth takes them from the session's start event.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Chunk(long offset, String data) {
    }

    /** The end of an upload: what the whole file must add up to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Complete(long size, String sha256) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Summary(String sessionId, String node, String user, String login, Instant started, Long size,
            boolean complete) {
    }
}
