package io.gatehouse.agent.desktop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records what the browser was shown (docs/desktop-protocol.md, "Recording"): a header line, then
 * one line per server frame with its time. Text lines like asciicast, so the recordings pipeline
 * (upload in chunks, storage, the player's download) carries desktops unchanged.
 */
final class DesktopRecorder implements AutoCloseable {
    private static final ObjectMapper JSON = ApiJson.newMapper();
    private final BufferedWriter out;
    private final long startNanos = System.nanoTime();
    private long frames;

    DesktopRecorder(Path file, String desktop, String login, String user, int width, int height, long epochSecond)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", 1);
        header.put("kind", "desktop");
        header.put("desktop", desktop);
        header.put("login", login);
        header.put("user", user);
        header.put("width", width);
        header.put("height", height);
        header.put("timestamp", epochSecond);
        out.write(JSON.writeValueAsString(header));
        out.write('\n');
    }

    synchronized void frame(byte[] frame) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        try {
            out.write("[" + String.format(java.util.Locale.ROOT, "%.3f", seconds) + ", \""
                    + Base64.getEncoder().encodeToString(frame) + "\"]\n");
            if (++frames % 200 == 0) {
                out.flush();
            }
        } catch (IOException e) {
            // The session goes on; the recording will show where it stopped (the uploader sends what exists).
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
