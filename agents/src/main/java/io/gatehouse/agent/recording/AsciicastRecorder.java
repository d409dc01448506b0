package io.gatehouse.agent.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records a terminal session as asciicast v2 (one JSON header line, then [seconds, "o", text]
 * lines), the format `asciinema play` and the web player read. Output that is not UTF-8 text (a
 * download of a binary file through `ssh HOST cat`) is kept exactly, as base64 in a "b" event that
 * the web player and `gate play` show and asciinema skips (see {@link CastLine}). A character split
 * across two writes is recorded whole; each output stream (a session without a terminal has stdout
 * and stderr) keeps its own split. The header is written at once, so a recording that cannot be
 * opened fails here, before the session starts.
 *
 * <p>In the foreground (the default) every event is one write to the file, made before the caller
 * passes the bytes on, so a recording that cannot be written fails on the write that was not
 * recorded: what strict recording needs. {@link #inBackground} hands events to a writer thread
 * instead (best effort: the session's output no longer waits for the disk, see
 * {@link BackgroundWriter}).
 */
public final class AsciicastRecorder extends OutputStream {
    private final OutputStream out;
    private final long startNanos = System.nanoTime();
    private final boolean terminal;
    private final List<Output> outputs = new CopyOnWriteArrayList<>();
    private final Output primary = output();
    private final CastLine line = new CastLine();
    private volatile BackgroundWriter background;

    /** A terminal's output, recorded as the terminal sent it. */
    public AsciicastRecorder(Path file, int width, int height, String title, long epochSeconds) throws IOException {
        this(file, width, height, title, epochSeconds, true);
    }

    /** @param terminal false for a session on pipes: its bare newlines are recorded as CR LF to play back right */
    public AsciicastRecorder(Path file, int width, int height, String title, long epochSeconds, boolean terminal)
            throws IOException {
        this.terminal = terminal;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newOutputStream(file);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", 2);
        header.put("width", width);
        header.put("height", height);
        header.put("timestamp", epochSeconds);
        header.put("title", title);
        header.put("env", Map.of("TERM", "xterm"));
        out.write((new ObjectMapper().writeValueAsString(header) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * From now on events are written by a thread of their own; the first write that fails goes to
     * {@code failed} (on that thread) and everything after it is dropped. Call before any output.
     */
    public void inBackground(String name, Consumer<IOException> failed) {
        background = new BackgroundWriter(name, failed);
    }

    @Override
    public void write(int b) throws IOException {
        primary.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        primary.write(b, off, len);
    }

    /** Another output stream into the same recording (stderr beside stdout), with its own split characters. */
    public OutputStream newOutput() {
        return output();
    }

    private Output output() {
        Output o = new Output();
        outputs.add(o);
        return o;
    }

    public void resize(int width, int height) throws IOException {
        long at = micros();
        BackgroundWriter w = background;
        if (w != null) {
            w.submit(() -> resize(width, height, at));
        } else {
            resize(width, height, at);
        }
    }

    private synchronized void resize(int width, int height, long at) throws IOException {
        emit(line.start(at, 'r').ascii(width + "x" + height).end());
    }

    private synchronized void text(byte[] b, int off, int end, byte previous, long at) throws IOException {
        emit(line.start(at, 'o').text(b, off, end, !terminal, previous).end());
    }

    private synchronized void binary(byte[] bytes, long at) throws IOException {
        emit(line.start(at, 'b').base64(bytes).end());
    }

    private long micros() {
        return (System.nanoTime() - startNanos) / 1000;
    }

    private void emit(CastLine event) throws IOException {
        out.write(event.bytes(), 0, event.length());
    }

    /** Every event is already in the file (or with the background writer): there is nothing to flush. */
    @Override
    public void flush() {
    }

    /**
     * Waits for the background writer, records what each stream still holds (a character that never
     * finished), then closes the file.
     */
    @Override
    public void close() throws IOException {
        try {
            BackgroundWriter w = background;
            if (w != null) {
                w.finish();
            }
            for (Output o : outputs) {
                o.close();
            }
        } finally {
            synchronized (this) {
                out.close();
            }
        }
    }

    /** One stream's bytes, as "o" or "b" events. */
    private final class Output extends OutputStream {
        private byte[] pending = new byte[0]; // the start of a character the last write cut off
        private byte last; // the last byte recorded as text, for CR LF across writes

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            long at = micros();
            BackgroundWriter w = background;
            if (w == null) {
                record(b, off, len, at);
                return;
            }
            for (int from = off; from < off + len; from += BackgroundWriter.MAX_CHUNK) {
                byte[] copy = Arrays.copyOfRange(b, from, Math.min(off + len, from + BackgroundWriter.MAX_CHUNK));
                w.submit(() -> record(copy, 0, copy.length, at));
            }
        }

        private synchronized void record(byte[] b, int off, int len, long at) throws IOException {
            if (pending.length > 0) {
                byte[] joined = Arrays.copyOf(pending, pending.length + len);
                System.arraycopy(b, off, joined, pending.length, len);
                pending = new byte[0];
                b = joined;
                off = 0;
                len = joined.length;
            }
            int end = off + len;
            int textEnd = CastLine.textEnd(b, off, end);
            if (textEnd < 0) {
                binary(Arrays.copyOfRange(b, off, end), at);
                last = 0;
                return;
            }
            if (textEnd > off) {
                text(b, off, textEnd, last, at);
                last = b[textEnd - 1];
            }
            pending = Arrays.copyOfRange(b, textEnd, end);
        }

        @Override
        public synchronized void close() throws IOException {
            if (pending.length > 0) {
                binary(pending, micros()); // a character that never finished: kept as the bytes it was
                pending = new byte[0];
            }
        }
    }
}
