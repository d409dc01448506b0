package io.gatehouse.auth.recordings;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node's recording upload, as auth's REST layer reads it and Recordings checks it before the
 * database: a JSON error (400) or an ApiException (400), never a NullPointerException (500).
 */
class RecordingChunkFuzzTest {
    private static final ObjectMapper JSON = ApiJson.newMapper();

    @Test
    void uploadedChunksEndInDataOrAnInvalidRequest() {
        Fuzz.run(Target.text("recording chunk", text -> Recordings.chunkData("0123abcd-session",
                JSON.readValue(text, RecordingDto.Chunk.class)), List.of("""
                        {"offset":0,"data":"eyJ2ZXJzaW9uIjogMn0K"}""", "null"), JsonProcessingException.class,
                ApiException.class), 1 << 20, 1000, 3000, Duration.ofSeconds(30));
    }

    @Test
    void regressionAJsonNullBodyIsInvalidNotANullPointer() {
        assertThrows(ApiException.class, () -> Recordings.chunkData("0123abcd-session", null));
    }

    @Test
    void regressionAnOffsetNearTheEndOfLongIsRefusedNotOverflowed() {
        // offset + length overflowed to a negative number and passed the size check.
        assertThrows(ApiException.class, () -> Recordings.chunkData("0123abcd-session", new RecordingDto.Chunk(
                Long.MAX_VALUE - 2, "AAAAAAAA")));
    }
}
