package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recording is asciicast text that a node uploaded: `gate play` ends in the replay or a
 * CliException naming the bad line, never a stack trace (and never a pause longer than --max-idle).
 */
class PlayCommandFuzzTest {
    private static final String CAST = """
            {"version": 2, "width": 80, "height": 24, "timestamp": 1765000000}
            [0.1, "o", "$ "]
            [0.5, "o", "ls\\r\\n"]
            [0.6, "i", "x"]
            [1e3, "o", "\\u001b[31mred\\u001b[0m"]
            [1e3, "b", "AP8K"]
            """;

    private static PlayCommand fast() {
        PlayCommand play = new PlayCommand();
        play.speed = 1e9;
        play.maxIdle = 2;
        return play;
    }

    private static String play(String cast) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fast().play(cast, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recordingsEndInTheReplayOrAMessageNamingTheLine() {
        Fuzz.run(Target.text("asciicast replay", PlayCommandFuzzTest::play, List.of(CAST), CliException.class),
                2026, 1000, 2000, Duration.ofSeconds(30));
    }

    @Test
    void aBrokenLineIsNamedNotAJacksonStackTrace() {
        CliException e = assertThrows(CliException.class, () -> play(CAST + "[2.0, \"o\", \"unterminated\n"));
        assertTrue(e.getMessage().startsWith("line 7 of the recording is not an asciicast event (Unexpected "
                + "end-of-input"), e.getMessage());
        assertTrue(e.getMessage().endsWith("save it with --save to look at it"), e.getMessage());
    }

    @Test
    void binaryOutputIsWrittenAsTheBytesItWas() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fast().play(CAST, new PrintStream(out, true, StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();
        byte[] tail = java.util.Arrays.copyOfRange(bytes, bytes.length - 3, bytes.length);
        assertTrue(java.util.Arrays.equals(new byte[] {0, (byte) 0xff, '\n'}, tail), java.util.Arrays.toString(tail));
        CliException e = assertThrows(CliException.class, () -> play(CAST + "[2.0, \"b\", \"%%\"]\n"));
        assertTrue(e.getMessage().startsWith("line 7 of the recording holds binary output that is not base64"),
                e.getMessage());
    }
}
