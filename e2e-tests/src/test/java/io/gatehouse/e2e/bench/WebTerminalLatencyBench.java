package io.gatehouse.e2e.bench;

import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.WebClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keystroke-to-echo latency (bench/web-terminal-latency.sh): one key goes out, the time until the
 * remote PTY's echo of it comes back is one sample. Two paths, in interleaved blocks so both see
 * the same machine: the web terminal (WebSocket -> proxy -> tunnel -> agent -> shell) and the
 * real OpenSSH client straight to an OpenSSH sshd on the same host (ssh -tt, a remote PTY).
 * Every few keys the line is cleared (Ctrl-U), unmeasured, so the shell's line stays short.
 *
 * For context (which hops cost what) a third path: the real OpenSSH client through Gatehouse
 * (proxy jump host -> tunnel -> agent), the path `gate ssh` takes.
 *
 * The web terminal is measured in Chromium (a real browser's WebSocket, timed by the page with
 * performance.now()), the OpenSSH paths with the real ssh client over pipes.
 *
 * The floor any web terminal has on this machine: the same Chromium page script and the same Java
 * WebSocket client against a minimal WebSocket echo server over TLS in this JVM (no proxy, no
 * tunnel, no PTY: {@link WebSocketEchoServer}), same rounds, interleaved in the same blocks.
 *
 * Args: webPort inviteToken node login keystrokes (label sshConfig host)...
 * System property bench.direct: the label of the "direct ssh to the node" path the summary compares
 * with (default: the first OpenSSH path).
 */
public final class WebTerminalLatencyBench {
    private static final String KEYS = "abcdefghijklmnopqrstuvwxyz";
    private static final int BLOCK = 100;
    private static final int TYPING_GAP_MS = 100;
    private static final String FLOOR_CHROMIUM = "floor: Chromium WebSocket echo (local TLS server, no proxy)";
    private static final String FLOOR_JAVA = "floor: Java WebSocket client echo (local TLS server, no proxy)";

    /** A terminal the bench can type into and read from. */
    private interface Line {
        void send(byte[] bytes) throws Exception;

        /** Waits until {@code c} arrives (skipping anything else); false on timeout. */
        boolean await(byte c, Duration limit) throws Exception;

        void drain() throws Exception;
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            // Exit rather than return: the HTTP client's and ssh readers' threads would keep the JVM
            // (and the bench script's lock) alive after a failure.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int webPort = Integer.parseInt(args[0]);
        String invite = args[1];
        String node = args[2];
        String login = args[3];
        int n = Integer.parseInt(args[4]);
        WebClient web = new WebClient(webPort);
        WebClient.Session session = signUpAndLogIn(web, invite);
        // name=ssh-config:host pairs for the OpenSSH paths, in the order given
        List<String> names = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        for (int i = 5; i + 2 < args.length; i += 3) {
            Process p = new ProcessBuilder("ssh", "-tt", "-o", "BatchMode=yes", "-F", args[i + 1], args[i + 2])
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(p);
            names.add(args[i]);
            lines.add(pipe(p.getOutputStream(), p.getInputStream()));
        }
        int direct = Math.max(0, names.indexOf(System.getProperty("bench.direct", names.getFirst())));
        // The same WebSocket from a plain Java client: what the proxy path costs without the browser's
        // own processes (Chromium's renderer and network service are separate processes).
        names.add(0, "web terminal, Java WebSocket client (no browser)");
        lines.add(0, rawWebSocket(web, session, node, login));
        // The floor: the same clients' WebSocket round trip to an echo server (no proxy at all).
        WebSocketEchoServer echo = new WebSocketEchoServer();
        names.add(1, FLOOR_JAVA);
        lines.add(1, echoWebSocket(web, echo.port()));
        int firstSsh = 2;
        direct += firstSsh;
        try (Chromium chromium = new Chromium(); echo) {
            BrowserTerminal browser = BrowserTerminal.open(chromium, webPort, session, node, login);
            BrowserTerminal browserEcho = BrowserTerminal.openEcho(chromium, echo.port());
            System.out.printf("   (echo server: 127.0.0.1:%d, %s, self-signed ECDSA P-256; no WebSocket extensions)%n",
                    echo.port(), echo.negotiated());
            for (Line l : lines) {
                settle(l);
                measure(l, 50); // warm-up: JIT, buffers
            }
            browser.measure(50, 0);
            browserEcho.measure(50, 0);
            // Back to back (the machine stays awake), then at a typist's pace (each hop wakes a thread).
            for (int gap : new int[] {0, TYPING_GAP_MS}) {
                int keys = gap == 0 ? n : Math.max(BLOCK, n / 5);
                List<Double> browserMs = new ArrayList<>();
                List<Double> floorMs = new ArrayList<>();
                List<List<Double>> sshMs = new ArrayList<>();
                lines.forEach(l -> sshMs.add(new ArrayList<>()));
                for (int done = 0; done < keys; done += BLOCK) {
                    int k = Math.min(BLOCK, keys - done);
                    browserMs.addAll(browser.measure(k, gap));
                    floorMs.addAll(browserEcho.measure(k, gap));
                    for (int i = 0; i < lines.size(); i++) {
                        sshMs.get(i).addAll(measure(lines.get(i), k, gap));
                    }
                }
                System.out.printf("%n-- %s%n", gap == 0 ? "keys back to back" : "one key every " + gap
                        + " ms (typing pace)");
                report("web terminal, Chromium (WebSocket > proxy > tunnel > agent)", browserMs);
                report(FLOOR_CHROMIUM, floorMs);
                for (int i = 0; i < lines.size(); i++) {
                    report(names.get(i), sshMs.get(i));
                }
                for (int i = firstSsh; i < lines.size(); i++) {
                    ratio("web terminal, Chromium", browserMs, names.get(i), sshMs.get(i));
                    ratio("web terminal, Java WebSocket client", sshMs.get(0), names.get(i), sshMs.get(i));
                    ratio("floor, Chromium WebSocket echo", floorMs, names.get(i), sshMs.get(i));
                    ratio("floor, Java WebSocket echo", sshMs.get(1), names.get(i), sshMs.get(i));
                }
                summarize(browserMs, floorMs, sshMs.get(0), sshMs.get(1), sshMs.get(direct));
            }
        } finally {
            processes.forEach(Process::destroy);
        }
    }

    /**
     * The target against what no web terminal can go below here. Every keystroke of a browser terminal
     * makes the browser's own WebSocket round trip (the floor) and the node's own round trip, PTY
     * and shell included (what direct ssh to the node measures, less the ssh client's share): their
     * sum is a lower bound for any proxy, and what the web terminal takes above it is the proxy's part.
     */
    private static void summarize(List<Double> browser, List<Double> floor, List<Double> java, List<Double> javaFloor,
            List<Double> direct) {
        double ssh = pct(direct, 50);
        double bound = pct(floor, 50) + ssh;
        double javaBound = pct(javaFloor, 50) + ssh;
        System.out.printf("=> target: web p50 <= 2x direct ssh to the node = %.2f ms. Web terminal in Chromium: %.2f ms ="
                + " %.2fx (p99 %.2fx). Lower bound for any web terminal here: Chromium's own WebSocket round trip"
                + " %.2f + the node's own %.2f = %.2f ms = %.2fx direct (%s the target before any proxy work); the"
                + " proxy's part above it: %.2f ms. Java WebSocket client: %.2f ms = %.2fx, bound %.2f ms, proxy's"
                + " part %.2f ms%n", 2 * ssh, pct(browser, 50), pct(browser, 50) / ssh,
                pct(browser, 99) / pct(direct, 99), pct(floor, 50), ssh, bound, bound / ssh,
                bound > 2 * ssh ? "already above" : "within", pct(browser, 50) - bound, pct(java, 50),
                pct(java, 50) / ssh, javaBound, pct(java, 50) - javaBound);
    }

    private static List<Double> measure(Line line, int count) throws Exception {
        return measure(line, count, 0);
    }

    private static List<Double> measure(Line line, int count, int gapMs) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % 40 == 0) {
                line.send(new byte[] {0x15}); // Ctrl-U: clear the line (not measured)
                Thread.sleep(30);
                line.drain();
            }
            byte key = (byte) KEYS.charAt(i % KEYS.length());
            long t0 = System.nanoTime();
            line.send(new byte[] {key});
            if (!line.await(key, Duration.ofSeconds(10))) {
                throw new IllegalStateException("no echo of '" + (char) key + "' within 10 s");
            }
            ms.add((System.nanoTime() - t0) / 1e6);
            if (gapMs > 0) {
                Thread.sleep(gapMs);
            }
        }
        return ms;
    }

    private static void settle(Line line) throws Exception {
        Thread.sleep(1500); // the prompt, motd
        line.drain();
    }

    private static WebClient.Session signUpAndLogIn(WebClient web, String invite) throws Exception {
        var info = web.call("GET", "/v1/webapi/invites/" + invite, null, null, null, null);
        String secret = info.body().path("totp_secret").asText();
        long step = TotpCodes.step(Instant.now());
        String password = "bench password " + System.nanoTime();
        var done = web.call("POST", "/v1/webapi/invites/complete", "{\"token\":\"" + invite + "\",\"password\":\""
                + password + "\",\"totp_code\":\"" + TotpCodes.code(secret, step - 1) + "\"}", null, null, null);
        if (done.status() >= 300) {
            throw new IllegalStateException("signup failed: " + done.message());
        }
        return web.login(info.body().path("username").asText(), password, TotpCodes.code(secret, step));
    }

    private static Line rawWebSocket(WebClient web, WebClient.Session session, String node, String login)
            throws Exception {
        LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        WebSocketLine line = webSocket(web, URI.create("wss://127.0.0.1:" + web.port() + "/v1/webapi/terminal?node="
                + node + "&login=" + login + "&cols=200&rows=50"), WebClient.COOKIE + "=" + session.cookie(), texts);
        line.ws().sendText("{\"type\":\"auth\",\"token\":\"" + session.token() + "\"}", true)
                .get(5, TimeUnit.SECONDS);
        String first = texts.poll(20, TimeUnit.SECONDS);
        if (first == null || !first.contains("\"connected\"")) {
            throw new IllegalStateException("web terminal did not connect: " + first);
        }
        return line.line();
    }

    /** The same Java WebSocket client (the proxy's HTTP client, TLS 1.3) to the local echo server. */
    private static Line echoWebSocket(WebClient web, int port) throws Exception {
        return webSocket(web, URI.create("wss://127.0.0.1:" + port + "/echo"), null, new LinkedBlockingQueue<>())
                .line();
    }

    private record WebSocketLine(WebSocket ws, Line line) {
    }

    private static WebSocketLine webSocket(WebClient web, URI uri, String cookie, LinkedBlockingQueue<String> texts)
            throws Exception {
        LinkedBlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        WebSocket ws = web.webSocket(uri, web.origin(), cookie, texts::add, in::add, () -> { });
        return new WebSocketLine(ws, new QueueLine(in, bytes -> ws.sendBinary(ByteBuffer.wrap(bytes), true)
                .get(5, TimeUnit.SECONDS)));
    }

    private static Line pipe(OutputStream out, InputStream from) {
        LinkedBlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int r; (r = from.read(buf)) > 0; ) {
                    in.add(Arrays.copyOf(buf, r));
                }
            } catch (java.io.IOException ignored) {
                // ssh ended
            }
        });
        return new QueueLine(in, bytes -> {
            out.write(bytes);
            out.flush();
        });
    }

    @FunctionalInterface
    private interface Sender {
        void send(byte[] bytes) throws Exception;
    }

    private record QueueLine(LinkedBlockingQueue<byte[]> in, Sender sender) implements Line {
        @Override
        public void send(byte[] bytes) throws Exception {
            sender.send(bytes);
        }

        @Override
        public boolean await(byte c, Duration limit) throws Exception {
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end) {
                byte[] got = in.poll(10, TimeUnit.MILLISECONDS);
                if (got != null) {
                    for (byte b : got) {
                        if (b == c) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        @Override
        public void drain() {
            in.clear();
        }
    }

    private static void report(String name, List<Double> ms) {
        System.out.printf("%-63s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", name, ms.size(),
                pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static void ratio(String name, List<Double> ms, String baseName, List<Double> base) {
        System.out.printf("ratio %s / %s: p50 %.2f, p99 %.2f%n", name, baseName, pct(ms, 50) / pct(base, 50),
                pct(ms, 99) / pct(base, 99));
    }

    private static double pct(List<Double> ms, int p) {
        double[] s = ms.stream().mapToDouble(d -> d).sorted().toArray();
        int i = (int) Math.ceil(s.length * p / 100.0) - 1;
        return s[Math.max(0, Math.min(i, s.length - 1))];
    }

    private WebTerminalLatencyBench() {
    }
}
