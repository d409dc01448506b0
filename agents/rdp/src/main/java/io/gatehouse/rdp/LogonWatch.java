package io.gatehouse.rdp;

import io.gatehouse.rdp.output.SessionInfo;
import java.time.Duration;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a logon that worked from one the desktop refused, after the session became active.
 *
 * <p>Windows says so: a Save Session Info logon notification (success) or extended logon info
 * with a logon error (INFO_LOGONERRORS asked for it; MS-RDPBCGR 2.2.10.1.1.4). xrdp 0.9.21 says
 * neither. Measured against it (deploy/xrdp.sh, auto-logon over TLS, 1024x768), both cases look
 * the same up to activation: licensing, Demand Active, Font Map, two pointer shapes (xrdp's own),
 * no Set Error Info, no Save Session Info, no deactivation, and nothing painted for ~3 s (PAM).
 * Then:
 * <ul>
 *   <li>right password: the session's Xorg paints the whole screen within ~0.2 s (full-width
 *       strips, 1.8 Mpx at 1024x768) and xorgxrdp sets its own pointer;</li>
 *   <li>wrong password: xrdp paints only its 400x400 log window at (10,10) ("login failed for
 *       user ...", ~170 kpx, 20 % of the screen) and then nothing more; the connection stays
 *       open on that dialog for as long as the client waits.</li>
 * </ul>
 * So without a definitive signal: success once painted bitmaps cover 90 % of the screen; refused
 * when something was painted, it covers less, and the server then stays quiet for
 * {@link #QUIET}; refused too when nothing at all is shown within {@link #DEADLINE}. A definitive
 * signal always wins over these guesses.
 */
final class LogonWatch {
    private static final Logger log = LoggerFactory.getLogger(LogonWatch.class);
    static final Duration QUIET = Duration.ofMillis(2500);
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int CELL = 8;
    private static final double COVERED = 0.9;

    enum Verdict { WAITING, LOGGED_ON, REFUSED }

    private final RdpSettings settings;
    private final Session session;
    private final RdpListener listener;
    private Verdict verdict = Verdict.WAITING;
    private BitSet painted = new BitSet();
    private int columns;
    private int rows;
    private long activatedAt;
    private long lastPaintAt;
    private Thread timer;

    LogonWatch(RdpSettings settings, Session session, RdpListener listener) {
        this.settings = settings;
        this.session = session;
        this.listener = listener;
    }

    synchronized Verdict verdict() {
        return verdict;
    }

    /** The session is active (again): start (or restart) watching the screen for the logon. */
    synchronized void onActivated(int width, int height) {
        if (verdict != Verdict.WAITING) {
            return;
        }
        columns = (width + CELL - 1) / CELL;
        rows = (height + CELL - 1) / CELL;
        painted = new BitSet(columns * rows);
        activatedAt = System.nanoTime();
        lastPaintAt = 0;
        if (timer == null) {
            timer = Thread.ofVirtual().name("rdp-logon-watch").start(this::watch);
        }
    }

    synchronized void onDeactivated() {
        painted.clear();
    }

    void onSaveSessionInfo(SessionInfo info) {
        log.debug("Save Session Info: {}", info);
        if (info.isLogonFailure()) {
            refuse("the desktop reported logon error 0x" + Long.toHexString(info.errorData()));
        } else if (info.isLogon()) {
            accept("logon notification");
        }
    }

    /** A rectangle was painted: mark the 8x8 cells whose centre it covers. */
    void onBitmap(int x, int y, int w, int h) {
        boolean full;
        synchronized (this) {
            if (verdict != Verdict.WAITING || columns == 0) {
                return;
            }
            lastPaintAt = System.nanoTime();
            int c0 = Math.max(0, (x - CELL / 2 + CELL - 1) / CELL);
            int c1 = Math.min(columns - 1, (x + w - 1 - CELL / 2) / CELL);
            for (int r = Math.max(0, (y - CELL / 2 + CELL - 1) / CELL); r <= Math.min(rows - 1,
                    (y + h - 1 - CELL / 2) / CELL); r++) {
                if (c1 >= c0) {
                    painted.set(r * columns + c0, r * columns + c1 + 1);
                }
            }
            full = painted.cardinality() >= COVERED * columns * rows;
        }
        if (full) {
            accept("the desktop painted the whole screen");
        }
    }

    private void accept(String why) {
        synchronized (this) {
            if (verdict != Verdict.WAITING) {
                return;
            }
            verdict = Verdict.LOGGED_ON;
        }
        log.debug("logon of '{}' accepted: {}", settings.username(), why);
        listener.onLoggedOn();
    }

    private void refuse(String why) {
        synchronized (this) {
            if (verdict == Verdict.REFUSED) {
                return;
            }
            verdict = Verdict.REFUSED;
        }
        session.end(new RdpClosed(RdpClosed.Reason.LOGON_FAILED, "the desktop refused the login '"
                + settings.username() + "' (" + why + "); check the user name, domain and password configured for it"));
    }

    /** The guesses that need a clock: the quiet after a partial paint, and the overall deadline. */
    private void watch() {
        try {
            while (true) {
                Thread.sleep(250);
                String why;
                synchronized (this) {
                    if (verdict != Verdict.WAITING) {
                        return;
                    }
                    why = guess(System.nanoTime());
                }
                if (why != null) {
                    refuse(why);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String guess(long now) {
        if (lastPaintAt != 0 && now - lastPaintAt >= QUIET.toNanos()) {
            return String.format("it showed a %d %% part of the screen, its login dialog, instead of a desktop",
                    Math.round(100.0 * painted.cardinality() / (columns * rows)));
        }
        if (lastPaintAt == 0 && now - activatedAt >= DEADLINE.toNanos()) {
            return "it showed nothing within " + DEADLINE.toSeconds() + " s of the logon";
        }
        return null;
    }

    synchronized void stop() {
        if (timer != null) {
            timer.interrupt();
        }
    }
}
