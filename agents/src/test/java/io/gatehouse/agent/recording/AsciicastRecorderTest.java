package io.gatehouse.agent.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsciicastRecorderTest {
    @TempDir
    Path dir;

    @Test
    void aCharacterSplitAcrossWritesIsRecordedWhole() throws Exception {
        Path file = dir.resolve("s.cast");
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        try (AsciicastRecorder r = new AsciicastRecorder(file, 100, 30, "test", 1_700_000_000L)) {
            r.write("caf".getBytes(StandardCharsets.UTF_8));
            r.write(e, 0, 1);
            r.write(e, 1, 1);
            r.resize(120, 40);
        }
        List<String> lines = Files.readAllLines(file);
        var mapper = new ObjectMapper();
        var header = mapper.readTree(lines.get(0));
        assertEquals(2, header.path("version").asInt());
        assertEquals(100, header.path("width").asInt());
        StringBuilder text = new StringBuilder();
        for (String l : lines.subList(1, lines.size())) {
            var ev = mapper.readTree(l);
            if (ev.get(1).asText().equals("o")) {
                text.append(ev.get(2).asText());
            }
        }
        assertEquals("café", text.toString());
        assertTrue(lines.get(lines.size() - 1).contains("\"120x40\""));
    }

    @Test
    void theRealAsciinemaPlayerReadsTheRecording() throws Exception {
        Path file = dir.resolve("play.cast");
        try (AsciicastRecorder r = new AsciicastRecorder(file, 80, 24, "test", 1_700_000_000L)) {
            r.write("gatehouse-42\r\n\u001b[1mbold\u001b[0m\r\n".getBytes(StandardCharsets.UTF_8));
        }
        // asciinema insists on a terminal: util-linux's script gives it one.
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", "asciinema play -i 0.2 " + file, "/dev/null")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("gatehouse-42"), out);
    }

    @Test
    void aSessionWithoutATerminalPlaysBackLineByLineAndItsTwoStreamsDecodeApart() throws Exception {
        Path file = dir.resolve("pipes.cast");
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        try (AsciicastRecorder r = new AsciicastRecorder(file, 80, 24, "test", 1_700_000_000L, false)) {
            var err = r.newOutput();
            r.write(e, 0, 1);
            err.write("oops\n".getBytes(StandardCharsets.UTF_8));
            r.write(e, 1, 1);
            r.write("\nalready\r\n".getBytes(StandardCharsets.UTF_8));
        }
        var mapper = new ObjectMapper();
        StringBuilder text = new StringBuilder();
        for (String l : Files.readAllLines(file).subList(1, 4)) {
            text.append(mapper.readTree(l).get(2).asText());
        }
        assertEquals("oops\r\né\r\nalready\r\n", text.toString(), "a bare LF becomes CR LF, a CR LF stays");
    }
}
