package io.gatehouse.e2e.bench;

import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The remote desktop benchmark (bench/desktop.sh): what the browser's wire carries for a desktop,
 * for each tile encoding, against the RDP engine straight to the same xrdp in the same run.
 *
 * Paths, one after the other (xrdp reattaches one X session per user and size, so they share the
 * desktop and cannot run at once): Gatehouse with PNG tiles, Gatehouse with zlib'd RGBA tiles (two
 * agents, one with GATEHOUSE_DESKTOP_TILES=zlib), the engine in this JVM. Phases on each:
 * <ol>
 *   <li>full-screen repaint: a shell script opens a screen-covering xterm that scrolls random text;
 *       measured for its middle seconds;
 *   <li>typing: keys at a typist's pace (one per 100 ms) into the left xterm's shell; each key's
 *       latency is from sending its key-down to the first screen update after it (the echo).
 * </ol>
 * Args: webPort invite rdpLogin passwordFile fullscreenScript fullscreenSeconds keys rounds proxyPid
 * (desktop agentPid label)...
 */
public final class DesktopBench {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    /** Inside the left xterm (deploy/xrdp.sh: 100x30 characters at desktop pixels 20,20); twm focuses it. */
    private static final int LEFT_X = 300;
    private static final int LEFT_Y = 200;
    private static final int TYPING_GAP_MS = 100;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIRECT = "RDP engine straight to xrdp";
    private static final int XRDP_PORT = Integer.parseInt(System.getenv().getOrDefault("XRDP_PORT", "3389"));

    private record Target(String desktop, long agentPid, String label) {
    }

    private interface Body {
        void run(List<Double> latencies, int[] missed) throws Exception;
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            // exit rather than return: the HTTP client's and the engine's threads would keep the JVM alive
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int webPort = Integer.parseInt(args[0]);
        String invite = args[1];
        String rdpLogin = args[2];
        String password = Files.readString(Path.of(args[3])).strip();
        String pin = Files.readString(Path.of(args[3]).resolveSibling("cert-fingerprint")).strip(); // deploy/xrdp.sh
        String script = args[4];
        int fullSeconds = Integer.parseInt(args[5]);
        int keys = Integer.parseInt(args[6]);
        int rounds = Integer.parseInt(args[7]);
        long proxyPid = Long.parseLong(args[8]);
        List<Target> targets = new ArrayList<>();
        for (int i = 9; i + 2 < args.length; i += 3) {
            targets.add(new Target(args[i], Long.parseLong(args[i + 1]), args[i + 2]));
        }
        WebClient web = new WebClient(webPort);
        WebClient.Session session = signUpAndLogIn(web, invite);
        Map<String, DesktopFigures> full = new LinkedHashMap<>();
        Map<String, DesktopFigures> typing = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (int p = 0; p <= targets.size(); p++) {
                boolean direct = p == targets.size();
                String label = direct ? DIRECT : targets.get(p).label();
                System.out.printf("   round %d/%d: %s...%n", round, rounds, label);
                try (DesktopLink link = direct ? DirectRdpLink.open("127.0.0.1", XRDP_PORT, rdpLogin, password, pin, WIDTH,
                        HEIGHT)
                        : GatehouseDesktopLink.open(label, web, session, targets.get(p).desktop(), rdpLogin, WIDTH,
                                HEIGHT, targets.get(p).agentPid())) {
                    // The SCREEN frame comes at the RDP connection, the desktop's first paint only after xrdp
                    // logged on (a second or two later): keys sent before then are lost.
                    if (link.updates().firstAt(Long.MIN_VALUE, 30_000_000_000L).isEmpty()) {
                        throw new IllegalStateException(label + ": no screen update within 30 s of connecting");
                    }
                    if (!link.updates().awaitQuiet(1000, 30_000)) {
                        System.out.println("   (the screen did not go quiet within 30 s of connecting)");
                    }
                    long proxy = direct ? 0 : proxyPid;
                    fullRepaint(link, script, fullSeconds, proxy, full.computeIfAbsent(label, k -> new DesktopFigures()));
                    typing(link, keys, proxy, typing.computeIfAbsent(label, k -> new DesktopFigures()));
                    if (link instanceof GatehouseDesktopLink g && g.ended() != null) {
                        throw new IllegalStateException(label + ": the desktop ended during the run: " + g.ended());
                    }
                }
                Thread.sleep(1000); // xrdp detaches the session before the next path reattaches it
            }
        }
        report(full, typing, targets);
    }

    /** Starts the screen-covering xterm from the left xterm's shell and measures its middle seconds. */
    private static void fullRepaint(DesktopLink link, String script, int seconds, long proxyPid, DesktopFigures into)
            throws Exception {
        focusLeftXterm(link);
        long typed = System.nanoTime();
        link.type("sh " + script + "\n", 15);
        long enter = System.nanoTime();
        Thread.sleep(1500); // xterm starts, maps its window
        measure(link, proxyPid, into, (lat, missed) -> Thread.sleep(seconds * 1000L - 2500));
        sleepUntil(enter + (seconds * 1000L + 1500) * 1_000_000);
        link.updates().awaitQuiet(500, 15_000);
        if (Boolean.getBoolean("bench.timeline")) {
            StringBuilder line = new StringBuilder("   " + link.label() + " updates per 500 ms from typing the command:");
            for (long t = typed; t < System.nanoTime(); t += 500_000_000) {
                line.append(' ').append(link.updates().window(t, t + 500_000_000).updates());
            }
            System.out.println(line);
        }
    }

    /** One key per TYPING_GAP_MS into the left xterm's shell, each timed to its echo. */
    private static void typing(DesktopLink link, int keys, long proxyPid, DesktopFigures into) throws Exception {
        focusLeftXterm(link);
        link.type("clear\n", 15);
        link.updates().awaitQuiet(300, 5_000);
        measure(link, proxyPid, into, (latencies, missed) -> {
            long start = System.nanoTime();
            for (int i = 0; i < keys; i++) {
                sleepUntil(start + (long) i * TYPING_GAP_MS * 1_000_000);
                int code = UsKeyboard.stroke(LETTERS.charAt(i % LETTERS.length())).scancode();
                long t0 = System.nanoTime();
                link.key(code, true);
                OptionalLong echo = link.updates().firstAt(t0, 1_000_000_000L);
                link.key(code, false);
                if (echo.isPresent()) {
                    latencies.add((echo.getAsLong() - t0) / 1e6);
                } else {
                    missed[0]++;
                }
            }
            sleepUntil(start + (long) keys * TYPING_GAP_MS * 1_000_000);
        });
        link.clearLine();
        link.updates().awaitQuiet(300, 5_000);
    }

    private static void measure(DesktopLink link, long proxyPid, DesktopFigures into, Body body) throws Exception {
        long cpu0 = link.serverCpuNanos();
        long proxy0 = proxyPid > 0 ? GatehouseDesktopLink.processCpuNanos(proxyPid) : 0;
        long wire0 = link.wireBytes();
        long t0 = System.nanoTime();
        List<Double> latencies = new ArrayList<>();
        int[] missed = {0};
        body.run(latencies, missed);
        long t1 = System.nanoTime();
        long wire = link.wireBytes() - wire0;
        long cpu = link.serverCpuNanos() - cpu0;
        long proxy = proxyPid > 0 ? GatehouseDesktopLink.processCpuNanos(proxyPid) - proxy0 : 0;
        ScreenUpdates.Window w = link.updates().window(t0, t1);
        into.add((t1 - t0) / 1e9, wire, w.rawBytes(), w, cpu, proxy, latencies, missed[0]);
    }

    private static void focusLeftXterm(DesktopLink link) throws Exception {
        link.mouseMove(LEFT_X, LEFT_Y); // twm: focus follows the pointer
        Thread.sleep(200);
        link.clearLine();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
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

    private static void report(Map<String, DesktopFigures> full, Map<String, DesktopFigures> typing,
            List<Target> targets) {
        System.out.printf("%n-- (a) full-screen repaint (an xterm covering the %dx%d screen scrolls random text)%n",
                WIDTH, HEIGHT);
        table(full);
        System.out.printf("%n-- (b) typing (one key per %d ms into the left xterm's shell)%n", TYPING_GAP_MS);
        table(typing);
        System.out.println("""
                   frames = bursts of updates less than 5 ms apart; updates = TILE frames (Gatehouse, cells of 64 px
                   merged along a row) or bitmap rectangles (RDP engine); wire = WebSocket message payloads
                   (Gatehouse) or RDP PDUs after TLS (engine); raw = w*h*4 of those updates (32 bpp).
                 * CPU: the agent process (Gatehouse: RDP decode + tile encode + SSH) or, for the engine,
                   this JVM (RDP decode + TLS): the difference is roughly the agent's encode + tunnel cost.""");
        System.out.printf("%n-- (c) input-to-screen latency: key-down sent -> first screen update received%n");
        typing.forEach((label, f) -> System.out.println(f.latencyRow(label)));
        DesktopFigures base = typing.get(DIRECT);
        for (Target t : targets) {
            DesktopFigures f = typing.get(t.label());
            System.out.printf(Locale.ROOT, "ratio %s / %s: p50 %.2f, p90 %.2f, p99 %.2f%n", t.label(), DIRECT,
                    f.pct(50) / base.pct(50), f.pct(90) / base.pct(90), f.pct(99) / base.pct(99));
        }
        verdict(full, typing, targets);
    }

    private static void table(Map<String, DesktopFigures> figures) {
        System.out.println(DesktopFigures.HEADER);
        figures.forEach((label, f) -> System.out.println(f.row(label, !label.equals(DIRECT))));
    }

    /** Which tile encoding is smaller on the wire, faster to the screen, cheaper for the agent. */
    private static void verdict(Map<String, DesktopFigures> full, Map<String, DesktopFigures> typing,
            List<Target> targets) {
        if (targets.size() != 2) {
            return;
        }
        String a = targets.get(0).label();
        String b = targets.get(1).label();
        System.out.printf("%n-- tile encodings compared (%s vs %s)%n", a, b);
        for (var phase : List.of(Map.entry("full repaint", full), Map.entry("typing", typing))) {
            DesktopFigures fa = phase.getValue().get(a);
            DesktopFigures fb = phase.getValue().get(b);
            String smaller = fa.ratio() >= fb.ratio() ? a : b;
            System.out.printf(Locale.ROOT, "%-13s smaller: %s (raw/wire %.1fx vs %.1fx); agent CPU per raw MiB %.1f vs"
                    + " %.1f ms; frames/s %.1f vs %.1f%n", phase.getKey(), smaller, fa.ratio(), fb.ratio(),
                    fa.serverCpuMsPerRawMiB(), fb.serverCpuMsPerRawMiB(), fa.frames / fa.seconds,
                    fb.frames / fb.seconds);
        }
        DesktopFigures ta = typing.get(a);
        DesktopFigures tb = typing.get(b);
        System.out.printf(Locale.ROOT, "%-13s faster: %s (key -> screen p50 %.2f vs %.2f ms, p90 %.2f vs %.2f ms)%n",
                "latency", ta.pct(50) <= tb.pct(50) ? a : b, ta.pct(50), tb.pct(50), ta.pct(90), tb.pct(90));
    }

    private DesktopBench() {
    }
}
