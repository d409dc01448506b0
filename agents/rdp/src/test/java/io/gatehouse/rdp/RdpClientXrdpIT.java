package io.gatehouse.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against the real xrdp of deploy/xrdp.sh (as root: the test reads the file the
 * desktop user writes), with xrdp's certificate pinned by the fingerprint deploy/xrdp.sh records.
 * Not part of the default build (failsafe skips it unless -Drdp.skipITs=false, as deploy/test.sh
 * sets); run it with
 * <pre>
 *   deploy/xrdp.sh start
 *   ./mvnw -B -pl agents/rdp verify -Drdp.skipITs=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class RdpClientXrdpIT {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("XRDP_PORT", "3389"));
    private static final String USER = System.getenv().getOrDefault("XRDP_USER", "gatehouse-rdp");
    private static final Path MARKER = Path.of("/tmp/rdp-engine-test");
    private static final Path CLIP_FILE = Path.of("/tmp/rdp-engine-clip");
    private static String password;
    /** xrdp's TLS certificate (the snakeoil one, self-signed) is pinned, as the quickstart's agent pins it. */
    private static String fingerprint;

    @BeforeAll
    static void xrdpIsRunning() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 2000);
        } catch (IOException e) {
            fail("xrdp does not answer at " + HOST + ":" + PORT + " (" + e.getMessage()
                    + "); start xrdp with deploy/xrdp.sh start (as root)");
        }
        Path file = stateDir().resolve("password");
        if (!Files.isReadable(file)) {
            fail("no xrdp password at " + file + "; start xrdp with deploy/xrdp.sh start or set XRDP_STATE");
        }
        password = Files.readString(file).trim();
        Path pin = stateDir().resolve("cert-fingerprint");
        if (!Files.isReadable(pin)) {
            fail("no fingerprint of xrdp's certificate at " + pin + "; deploy/xrdp.sh start writes it");
        }
        fingerprint = Files.readString(pin).trim();
    }

    private static Path stateDir() {
        String env = System.getenv("XRDP_STATE");
        if (env != null) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".test-state/xrdp"))) {
                return p.resolve(".test-state/xrdp");
            }
        }
        return Path.of(".test-state/xrdp");
    }

    private static RdpSettings settings(String pw, int depth) {
        return new RdpSettings(HOST, PORT, USER, pw, "", 1024, 768, depth, true, Duration.ofSeconds(10),
                ServerTrust.fingerprint(fingerprint), RdpSettings.Security.TLS);
    }

    /** Counts the screen's pixels painted at least once; keeps what the desktop put on its clipboard. */
    static final class Screen extends RecordingListener {
        final boolean[] painted = new boolean[1024 * 768];
        final CountDownLatch loggedOn = new CountDownLatch(1);
        final CountDownLatch full = new CountDownLatch(1);
        final BlockingQueue<String> clipboard = new LinkedBlockingQueue<>();
        volatile int count;

        @Override
        public void onBitmap(int x, int y, int width, int height, int[] argb) {
            for (int r = y; r < Math.min(768, y + height); r++) {
                for (int c = x; c < Math.min(1024, x + width); c++) {
                    if (!painted[r * 1024 + c]) {
                        painted[r * 1024 + c] = true;
                        count++;
                    }
                }
            }
            if (count == painted.length) {
                full.countDown();
            }
        }

        @Override
        public void onLoggedOn() {
            loggedOn.countDown();
        }

        @Override
        public void onClipboardText(String text) {
            clipboard.add(text);
        }
    }

    @Test
    void logsOnPaintsTheScreenAndTypesIntoTheXterm() throws Exception {
        Files.deleteIfExists(MARKER);
        Screen screen = new Screen();
        long t0 = System.nanoTime();
        RdpClient client = RdpClient.connect(settings(password, 32), screen);
        long connected = System.nanoTime();
        try {
            assertEquals("connected 1024x768", screen.events.get(0));
            assertTrue(screen.loggedOn.await(15, TimeUnit.SECONDS), "no logon within 15 s: " + screen.events);
            assertTrue(screen.full.await(10, TimeUnit.SECONDS), "only " + screen.count + " of 786432 pixels painted");
            System.out.printf("xrdp 32 bpp: connect %d ms, logon+full screen after %d ms, %d bytes received%n",
                    (connected - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000, client.bytesReceived());

            client.sendMouseMove(300, 200); // twm focuses the window under the pointer
            client.sendMouseButton(0, true, 300, 200);
            client.sendMouseButton(0, false, 300, 200);
            Thread.sleep(200);
            ctrl(client, 0x16); // Ctrl+U: clear whatever an earlier run left on the shell's line
            type(client, "echo hi > " + MARKER + "\n");
            assertEquals("hi\n", waitForFile(MARKER, Duration.ofSeconds(10)), "the xterm did not run the typed command");
        } finally {
            client.close();
        }
        assertTrue(screen.closed.await(5, TimeUnit.SECONDS));
        assertEquals(RdpClosed.Reason.CLIENT_CLOSED, screen.closedWith.reason());
    }

    @Test
    void sixteenBitRleSessionPaintsTheWholeScreen() throws Exception {
        Screen screen = new Screen();
        long t0 = System.nanoTime();
        try (RdpClient client = RdpClient.connect(settings(password, 16), screen)) {
            assertTrue(screen.loggedOn.await(15, TimeUnit.SECONDS), "no logon within 15 s: " + screen.events);
            assertTrue(screen.full.await(10, TimeUnit.SECONDS), "only " + screen.count + " of 786432 pixels painted");
            System.out.printf("xrdp 16 bpp: full screen after %d ms, %d bytes received%n",
                    (System.nanoTime() - t0) / 1_000_000, client.bytesReceived());
        }
    }

    @Test
    void aWrongPasswordEndsWithLogonFailedWithinFifteenSeconds() throws Exception {
        Screen screen = new Screen();
        long t0 = System.nanoTime();
        try (RdpClient client = RdpClient.connect(settings("not-the-password", 32), screen)) {
            assertTrue(screen.closed.await(15, TimeUnit.SECONDS), "still open after 15 s: " + screen.events);
            assertEquals(RdpClosed.Reason.LOGON_FAILED, screen.closedWith.reason(), screen.closedWith.message());
            assertTrue(screen.closedWith.message().contains("'" + USER + "'"));
            assertTrue(!screen.closedWith.message().contains("not-the-password"));
            assertEquals(1, screen.loggedOn.getCount(), "a refused logon was reported as a logon");
            System.out.printf("xrdp wrong password: LOGON_FAILED after %d ms (%s)%n",
                    (System.nanoTime() - t0) / 1_000_000, screen.closedWith.message());
        } catch (RdpConnectException e) {
            assertEquals(RdpConnectException.Reason.LOGON_FAILED, e.reason(), e.getMessage());
        }
    }

    @Test
    void theRealXrdpIsRefusedWhenAnotherCertificateIsPinned() throws Exception {
        RdpSettings other = new RdpSettings(HOST, PORT, USER, password, "", 1024, 768, 32, true, Duration.ofSeconds(10),
                ServerTrust.fingerprint("ab".repeat(32)), RdpSettings.Security.TLS);
        RdpConnectException e = assertThrows(RdpConnectException.class,
                () -> RdpClient.connect(other, new Screen()));
        assertEquals(RdpConnectException.Reason.UNTRUSTED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(fingerprint.substring(fingerprint.length() - 20)), e.getMessage());
    }

    /** xrdp 0.9 has no NLA: a desktop configured for NLA is refused at the negotiation, before TLS. */
    @Test
    void xrdpIsRefusedWhenNlaIsRequired() throws Exception {
        RdpSettings nla = new RdpSettings(HOST, PORT, USER, password, "", 1024, 768, 32, true, Duration.ofSeconds(10),
                ServerTrust.fingerprint(fingerprint), RdpSettings.Security.NLA);
        RdpConnectException e = assertThrows(RdpConnectException.class,
                () -> RdpClient.connect(nla, new Screen()));
        assertEquals(RdpConnectException.Reason.NEGOTIATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("NLA is required"), e.getMessage());
        System.out.printf("xrdp with security nla: %s%n", e.getMessage());
    }

    /**
     * The clipboard channel (cliprdr) against xrdp's chansrv, which bridges it to the X CLIPBOARD
     * selection: our text is what xclip reads in the xterm, and what xclip puts there comes back.
     */
    @Test
    void clipboardTextCrossesBothWays() throws Exception {
        String token = randomLetters(12);
        Files.deleteIfExists(CLIP_FILE);
        Screen screen = new Screen();
        try (RdpClient client = RdpClient.connect(settings(password, 32), screen)) {
            String local = "gatehouse-clip-" + token;
            client.sendClipboardText(local); // before the desktop's clipboard is ready: it waits
            assertTrue(screen.loggedOn.await(15, TimeUnit.SECONDS), "no logon within 15 s: " + screen.events);
            client.sendMouseMove(300, 200);
            client.sendMouseButton(0, true, 300, 200);
            client.sendMouseButton(0, false, 300, 200);
            Thread.sleep(200);
            ctrl(client, 0x16);
            long t0 = System.nanoTime();
            type(client, "xclip -o -selection clipboard > " + CLIP_FILE + "\n");
            assertEquals(local, waitForFile(CLIP_FILE, Duration.ofSeconds(10)), "xclip in the xterm did not paste our text");
            System.out.printf("xrdp clipboard local -> remote: %d ms from typing xclip -o to the file%n",
                    (System.nanoTime() - t0) / 1_000_000);

            String back = "gatehouse-back-" + token;
            long t1 = System.nanoTime();
            type(client, "echo -n " + back + " | xclip -selection clipboard\n");
            long typed = System.nanoTime();
            String got = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!back.equals(got) && System.nanoTime() < deadline) {
                got = screen.clipboard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            assertEquals(back, got, "the desktop's copy did not reach onClipboardText");
            System.out.printf("xrdp clipboard remote -> local: %d ms after typing the command (typing took %d ms)%n",
                    (System.nanoTime() - typed) / 1_000_000, (typed - t1) / 1_000_000);
        }
        assertTrue(screen.closed.await(5, TimeUnit.SECONDS));
        assertEquals(RdpClosed.Reason.CLIENT_CLOSED, screen.closedWith.reason(), "the clipboard ended the session");
    }

    /** 270 kB of text each way: 540 kB of UTF-16, about 340 chunks of 1600 bytes to the desktop. */
    @Test
    void largeClipboardTextCrossesBothWaysInChunks() throws Exception {
        String big = ("gatehouse-big-" + randomLetters(12) + "-").repeat(10_000);
        Path file = Path.of("/tmp/rdp-engine-clip-big");
        Files.deleteIfExists(file);
        Screen screen = new Screen();
        try (RdpClient client = RdpClient.connect(settings(password, 32), screen)) {
            assertTrue(screen.loggedOn.await(15, TimeUnit.SECONDS), "no logon within 15 s: " + screen.events);
            client.sendMouseMove(300, 200);
            client.sendMouseButton(0, true, 300, 200);
            client.sendMouseButton(0, false, 300, 200);
            Thread.sleep(200);
            ctrl(client, 0x16);
            client.sendClipboardText(big);
            long t0 = System.nanoTime();
            type(client, "xclip -o -selection clipboard > " + file + "\n");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while ((!Files.exists(file) || Files.size(file) < big.length()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // xrdp 0.9.21's chansrv hands a selection this large to X incrementally (INCR) and then
            // includes the NUL that ends CF_UNICODETEXT; small pastes come without it.
            assertEquals(big, Files.readString(file).replaceFirst("\0$", ""), "the pasted text differs");
            System.out.printf("xrdp clipboard %d chars local -> remote: %d ms from typing xclip -o to the whole file%n",
                    big.length(), (System.nanoTime() - t0) / 1_000_000);

            type(client, "xclip -selection clipboard " + file + "\n");
            long typed = System.nanoTime();
            String got = null;
            deadline = System.nanoTime() + 15_000_000_000L;
            while (!big.equals(got) && System.nanoTime() < deadline) {
                got = screen.clipboard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            assertTrue(big.equals(got), "the desktop's large copy did not arrive whole: "
                    + (got == null ? "nothing" : got.length() + " chars"));
            System.out.printf("xrdp clipboard %d chars remote -> local: %d ms after typing the command%n",
                    big.length(), (System.nanoTime() - typed) / 1_000_000);
        }
        assertEquals(RdpClosed.Reason.CLIENT_CLOSED, screen.closed.await(5, TimeUnit.SECONDS) ? screen.closedWith.reason()
                : null);
    }

    private static String randomLetters(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return b.toString();
    }

    private static String waitForFile(Path file, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.size(file) > 0) {
                return Files.readString(file);
            }
            Thread.sleep(100);
        }
        return "(no file " + file + ")";
    }

    /** US layout, PS/2 set 1: the characters the test types, and whether they need Shift. */
    private static final Map<Character, Integer> KEYS = Map.ofEntries(
            Map.entry('a', 0x1E), Map.entry('b', 0x30), Map.entry('c', 0x2E), Map.entry('d', 0x20),
            Map.entry('e', 0x12), Map.entry('f', 0x21), Map.entry('g', 0x22), Map.entry('h', 0x23),
            Map.entry('i', 0x17), Map.entry('j', 0x24), Map.entry('k', 0x25), Map.entry('l', 0x26),
            Map.entry('m', 0x32), Map.entry('n', 0x31), Map.entry('o', 0x18), Map.entry('p', 0x19),
            Map.entry('q', 0x10), Map.entry('r', 0x13), Map.entry('s', 0x1F), Map.entry('t', 0x14),
            Map.entry('u', 0x16), Map.entry('v', 0x2F), Map.entry('w', 0x11), Map.entry('x', 0x2D),
            Map.entry('y', 0x15), Map.entry('z', 0x2C), Map.entry(' ', 0x39), Map.entry('-', 0x0C),
            Map.entry('/', 0x35), Map.entry('.', 0x34), Map.entry('\n', 0x1C));
    private static final Map<Character, Integer> SHIFTED = Map.of('>', 0x34, '_', 0x0C, '|', 0x2B);
    private static final int LEFT_SHIFT = 0x2A;
    private static final int LEFT_CTRL = 0x1D;

    private static void type(RdpClient client, String text) throws IOException, InterruptedException {
        for (char ch : text.toCharArray()) {
            Integer code = KEYS.get(ch);
            boolean shift = code == null;
            if (shift) {
                code = SHIFTED.get(ch);
                if (code == null) {
                    throw new IllegalArgumentException("no scancode for '" + ch + "'");
                }
                client.sendScancode(LEFT_SHIFT, false, true);
            }
            client.sendScancode(code, false, true);
            client.sendScancode(code, false, false);
            if (shift) {
                client.sendScancode(LEFT_SHIFT, false, false);
            }
            Thread.sleep(5);
        }
    }

    private static void ctrl(RdpClient client, int scancode) throws IOException {
        client.sendScancode(LEFT_CTRL, false, true);
        client.sendScancode(scancode, false, true);
        client.sendScancode(scancode, false, false);
        client.sendScancode(LEFT_CTRL, false, false);
    }
}
