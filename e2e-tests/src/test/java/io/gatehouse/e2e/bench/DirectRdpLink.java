package io.gatehouse.e2e.bench;

import io.gatehouse.rdp.RdpClient;
import io.gatehouse.rdp.RdpClosed;
import io.gatehouse.rdp.RdpListener;
import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.rdp.ServerTrust;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: Gatehouse's RDP engine in this JVM, straight to the desktop with the same
 * credential, size and colour depth as the agent uses. Each decoded bitmap rectangle is one update
 * (raw = w*h*4); the wire is what the engine read (RDP PDUs after TLS). Its CPU cost is this
 * process's, which during this path does little but run the engine (decode).
 */
final class DirectRdpLink implements DesktopLink {
    private final ScreenUpdates updates = new ScreenUpdates();
    private final CountDownLatch loggedOn = new CountDownLatch(1);
    private final RdpClient client;
    private volatile RdpClosed closed;

    private DirectRdpLink(String host, int port, String user, String password, String fingerprint, int width,
            int height) throws Exception {
        RdpSettings settings = new RdpSettings(host, port, user, password, "", width, height, 32, true,
                Duration.ofSeconds(10), ServerTrust.fingerprint(fingerprint), RdpSettings.Security.TLS);
        client = RdpClient.connect(settings, new RdpListener() {
            @Override
            public void onConnected(int w, int h) {
            }

            @Override
            public void onBitmap(int x, int y, int w, int h, int[] argb) {
                updates.add(System.nanoTime(), 4L * w * h);
            }

            @Override
            public void onPointerPosition(int x, int y) {
            }

            @Override
            public void onPointerShape(int hotX, int hotY, int w, int h, int[] argb) {
            }

            @Override
            public void onPointerSystem(boolean hidden) {
            }

            @Override
            public void onLoggedOn() {
                loggedOn.countDown();
            }

            @Override
            public void onClosed(RdpClosed why) {
                closed = why;
                loggedOn.countDown();
            }
        });
    }

    /** {@code fingerprint}: xrdp's certificate, pinned as the agents pin it. */
    static DirectRdpLink open(String host, int port, String user, String password, String fingerprint, int width,
            int height) throws Exception {
        DirectRdpLink link = new DirectRdpLink(host, port, user, password, fingerprint, width, height);
        if (!link.loggedOn.await(30, TimeUnit.SECONDS) || link.closed != null) {
            link.close();
            throw new IllegalStateException("the RDP engine did not log on to " + host + ":" + port + ": "
                    + (link.closed == null ? "timeout" : link.closed.reason() + " " + link.closed.message()));
        }
        return link;
    }

    @Override
    public String label() {
        return "RDP engine straight to xrdp";
    }

    @Override
    public void key(int scancode, boolean down) throws Exception {
        if (closed != null) {
            throw new IllegalStateException("the RDP session ended: " + closed.reason() + " " + closed.message()
                    + " (did another client log in to the same xrdp user?)");
        }
        client.sendScancode(scancode & 0xFF, (scancode & 0xE000) == 0xE000, down);
    }

    @Override
    public void mouseMove(int x, int y) throws Exception {
        client.sendMouseMove(x, y);
    }

    @Override
    public ScreenUpdates updates() {
        return updates;
    }

    @Override
    public long wireBytes() {
        return client.bytesReceived();
    }

    @Override
    public long serverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Override
    public void close() {
        client.close();
    }
}
