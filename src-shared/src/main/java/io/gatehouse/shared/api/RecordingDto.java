package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** Session recordings as nodes upload them and users list and play them (asciicast v2). */
public final class RecordingDto {
    private RecordingDto() {
    }

    /** One piece of a recording, {@code data} base64; the first chunk creates the recording. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Chunk(long offset, String data, String user, String login, Instant started) {
    }

    /** The end of an upload: what the whole file must add up to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Complete(long size, String sha256) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Summary(String sessionId, String node, String user, String login, Instant started, Long size,
            boolean complete) {
    }

    /** A recording with its content (the asciicast file's text). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Full(Summary summary, String asciicast) {
    }
}
