package io.gatehouse.agent.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

    @Test
    void binaryOutputIsKeptExactlyAndTextAroundItStaysReadable() throws Exception {
        Path file = dir.resolve("bin.cast");
        byte[] binary = new byte[70_000];
        new java.util.Random(7).nextBytes(binary);
        binary[0] = 0; // a NUL alone makes a write binary, even where the rest would be text
        byte[] tail = "é".getBytes(StandardCharsets.UTF_8);
        try (AsciicastRecorder r = new AsciicastRecorder(file, 80, 24, "test", 1_700_000_000L, false)) {
            r.write("before\t\u001b[1m\"x\"\n".getBytes(StandardCharsets.UTF_8));
            r.write(binary);
            r.write(new byte[] {0, 0, 0});
            r.write("after".getBytes(StandardCharsets.UTF_8));
            r.write(tail, 0, 1); // a character that never finishes
        }
        var mapper = new ObjectMapper();
        var out = new java.io.ByteArrayOutputStream();
        List<String> codes = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            var ev = mapper.readTree(l);
            codes.add(ev.get(1).asText());
            out.write(ev.get(1).asText().equals("b") ? java.util.Base64.getDecoder().decode(ev.get(2).asText())
                    : ev.get(2).asText().getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("o", "b", "b", "o", "b"), codes);
        var expected = new java.io.ByteArrayOutputStream();
        expected.write("before\t\u001b[1m\"x\"\r\n".getBytes(StandardCharsets.UTF_8));
        expected.write(binary);
        expected.write(new byte[] {0, 0, 0, 'a', 'f', 't', 'e', 'r', tail[0]});
        assertTrue(java.util.Arrays.equals(expected.toByteArray(), out.toByteArray()),
                "every byte comes back, binary as it was, text with its line ends made playable");
        assertTrue(Files.size(file) < binary.length * 14L / 10, "binary costs 4/3 of its size, not 6 times");
    }

    @Test
    void malformedUtf8IsBinaryAndTheLongestValidCharactersAreText() {
        byte[][] binary = {{(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xff}, {'a', 0x01}, {(byte) 0x80}};
        for (byte[] b : binary) {
            assertEquals(-1, CastLine.textEnd(b, 0, b.length), java.util.HexFormat.of().formatHex(b));
        }
        byte[] text = "a\u00e9\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertEquals(text.length, CastLine.textEnd(text, 0, text.length));
        assertEquals(text.length - 4, CastLine.textEnd(text, 0, text.length - 2), "a cut emoji waits");
    }

    @Test
    void inTheBackgroundEveryByteIsRecordedInOrderWithTheTimeItArrived() throws Exception {
        Path file = dir.resolve("bg.cast");
        var expected = new java.io.ByteArrayOutputStream();
        List<IOException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AsciicastRecorder r = new AsciicastRecorder(file, 80, 24, "test", 1_700_000_000L)) {
            r.inBackground("test", failures::add);
            var random = new java.util.Random(3);
            for (int i = 0; i < 500; i++) {
                byte[] chunk = new byte[random.nextInt(200_000)];
                random.nextBytes(chunk);
                if (i % 2 == 0) {
                    chunk = ("line " + i + " é\r\n").repeat(random.nextInt(50) + 1).getBytes(StandardCharsets.UTF_8);
                }
                r.write(chunk);
                expected.write(chunk);
            }
        }
        var mapper = new ObjectMapper();
        var out = new java.io.ByteArrayOutputStream();
        double lastTime = 0;
        for (String l : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            var ev = mapper.readTree(l);
            assertTrue(ev.get(0).asDouble() >= lastTime, "time never runs backwards");
            lastTime = ev.get(0).asDouble();
            out.write(ev.get(1).asText().equals("b") ? java.util.Base64.getDecoder().decode(ev.get(2).asText())
                    : ev.get(2).asText().getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(java.util.Arrays.equals(expected.toByteArray(), out.toByteArray()), "close waits for every byte");
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
