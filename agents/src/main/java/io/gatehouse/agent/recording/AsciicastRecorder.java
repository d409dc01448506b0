package io.gatehouse.agent.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Records a terminal session as asciicast v2 (one JSON header line, then [seconds, "o", text]
 * lines), the format `asciinema play` and the web player read. Output bytes are decoded as UTF-8
 * incrementally, so a character split across two writes is not mangled; invalid bytes become U+FFFD.
 * Each output stream (a session without a terminal has stdout and stderr) gets its own decoder.
 * The header is written through at once, so a recording that cannot be written fails here, before
 * the session starts.
 */
public final class AsciicastRecorder extends OutputStream {
    /** A bare LF: pipes have no terminal to turn it into CR LF, so the player would draw a staircase. */
    private static final Pattern BARE_LF = Pattern.compile("(?<!\r)\n");
    private final Writer out;
    private final ObjectMapper json = new ObjectMapper();
    private final long startNanos = System.nanoTime();
    private final boolean terminal;
    private final Output primary = new Output();

    /** A terminal's output, recorded as the terminal sent it. */
    public AsciicastRecorder(Path file, int width, int height, String title, long epochSeconds) throws IOException {
        this(file, width, height, title, epochSeconds, true);
    }

    /** @param terminal false for a session on pipes: its bare newlines are recorded as CR LF to play back right */
    public AsciicastRecorder(Path file, int width, int height, String title, long epochSeconds, boolean terminal)
            throws IOException {
        this.terminal = terminal;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", 2);
        header.put("width", width);
        header.put("height", height);
        header.put("timestamp", epochSeconds);
        header.put("title", title);
        header.put("env", Map.of("TERM", "xterm"));
        line(json.writeValueAsString(header));
        out.flush();
    }

    @Override
    public void write(int b) throws IOException {
        primary.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        primary.write(b, off, len);
    }

    /** Another output stream into the same recording (stderr beside stdout), with its own UTF-8 decoder. */
    public OutputStream newOutput() {
        return new Output();
    }

    public synchronized void resize(int width, int height) throws IOException {
        event("r", width + "x" + height);
    }

    private synchronized void output(String text) throws IOException {
        event("o", terminal ? text : BARE_LF.matcher(text).replaceAll("\r\n"));
    }

    private void event(String code, String data) throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        line(json.writeValueAsString(List.of(Math.round(seconds * 1e6) / 1e6, code, data)));
    }

    private void line(String s) throws IOException {
        out.write(s);
        out.write('\n');
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** One stream's bytes, decoded as UTF-8 into "o" events. */
    private final class Output extends OutputStream {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer pending = ByteBuffer.allocate(0);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(b, off, len).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, chars, false);
            pending = in.slice(); // an incomplete UTF-8 sequence waits for the next write
            chars.flip();
            if (chars.hasRemaining()) {
                output(chars.toString());
            }
        }

        @Override
        public void flush() throws IOException {
            AsciicastRecorder.this.flush();
        }
    }
}
