package io.gatehouse.cli.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.ApiJson;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "play", description = "Replay a recorded session in this terminal (or save it for asciinema play).")
final class PlayCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", paramLabel = "SESSION_ID")
    String session;
    @Option(names = "--speed", defaultValue = "1", description = "Playback speed factor (default ${DEFAULT-VALUE})")
    double speed;
    @Option(names = "--max-idle", defaultValue = "2", description = "Cap pauses at this many seconds (default "
            + "${DEFAULT-VALUE})")
    double maxIdle;
    @Option(names = "--save", paramLabel = "FILE", description = "Write the asciicast v2 file instead of playing")
    Path save;

    @Override
    public Integer call() throws Exception {
        if (!session.matches("[A-Za-z0-9-]{8,64}")) {
            throw new CliException(ExitCodes.USAGE, "'" + session + "' is not a session id (gate recordings ls)");
        }
        if (speed <= 0) {
            throw new CliException(ExitCodes.USAGE, "--speed must be above 0");
        }
        var c = target.resolve(GateHome.fromEnvironment());
        c.requireValid();
        // Streamed from the proxy and written or played as it arrives: a recording of any size
        // needs one line of it in memory.
        try (InputStream cast = c.api().recording(session)) {
            if (save != null) {
                Files.copy(cast, save, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("Saved to " + save + " (asciinema play " + save + ")");
                return 0;
            }
            play(new BufferedReader(new InputStreamReader(cast, StandardCharsets.UTF_8)),
                    new PrintStream(System.out, false, StandardCharsets.UTF_8));
        }
        return 0;
    }

    /** A whole recording in a string (tests). */
    void play(String cast, PrintStream out) throws Exception {
        play(new BufferedReader(new java.io.StringReader(cast)), out);
    }

    /** Writes each output event when its time comes; pauses are capped and scaled. */
    void play(BufferedReader cast, PrintStream out) throws Exception {
        var json = ApiJson.newMapper();
        double previous = 0;
        boolean header = true;
        int number = 0;
        for (String line = cast.readLine(); line != null; line = cast.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            JsonNode event;
            try {
                event = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCodes.INVALID, "line " + number + " of the recording is not an asciicast "
                        + "event (" + e.getOriginalMessage() + "); save it with --save to look at it");
            }
            String code = event.path(1).asText();
            if (!"o".equals(code) && !"b".equals(code)) {
                continue;
            }
            double at = event.path(0).asDouble();
            double pause = Math.min(Math.max(0, at - previous), maxIdle) / speed;
            previous = at;
            if (pause > 0) {
                out.flush();
                Thread.sleep((long) (pause * 1000));
            }
            if ("o".equals(code)) {
                out.print(event.path(2).asText());
            } else {
                out.write(binary(event.path(2).asText(), number));
            }
        }
        out.flush();
    }

    /** Output that was not UTF-8 text, kept by the node as base64 ("b"): written as the bytes it was. */
    private static byte[] binary(String base64, int number) {
        try {
            return java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID, "line " + number + " of the recording holds binary output "
                    + "that is not base64; save it with --save to look at it");
        }
    }
}
