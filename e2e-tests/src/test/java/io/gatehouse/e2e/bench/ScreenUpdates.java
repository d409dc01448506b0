package io.gatehouse.e2e.bench;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Every screen update a {@link DesktopLink} received, as (arrival time, raw bytes): a TILE frame of
 * the desktop protocol (raw = w*h*4, the 32-bpp bitmap it stands for) or a bitmap rectangle from the
 * RDP engine. Appended from the link's reader thread, read by the bench.
 */
final class ScreenUpdates {
    /** Updates closer together than this belong to one frame (one repaint of the screen). */
    static final long BURST_GAP_NANOS = 5_000_000;

    private long[] times = new long[1 << 14];
    private long[] raw = new long[1 << 14];
    private int count;

    synchronized void add(long nanos, long rawBytes) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            raw = Arrays.copyOf(raw, count * 2);
        }
        times[count] = nanos;
        raw[count] = rawBytes;
        count++;
        notifyAll();
    }

    synchronized int count() {
        return count;
    }

    /** The time of the first update at or after {@code t0}, waiting up to {@code timeoutNanos} for it. */
    synchronized OptionalLong firstAt(long t0, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        int from = count;
        while (from > 0 && times[from - 1] >= t0) {
            from--;
        }
        while (true) {
            if (from < count) {
                return OptionalLong.of(times[from]);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return OptionalLong.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until no update came for {@code quietMs}, at most {@code maxMs}; false if the screen never went quiet. */
    synchronized boolean awaitQuiet(long quietMs, long maxMs) throws InterruptedException {
        long deadline = System.nanoTime() + maxMs * 1_000_000;
        while (true) {
            long now = System.nanoTime();
            long last = count == 0 ? Long.MIN_VALUE / 2 : times[count - 1];
            long quietLeft = last + quietMs * 1_000_000 - now;
            if (quietLeft <= 0) {
                return true;
            }
            if (now >= deadline) {
                return false;
            }
            wait(Math.max(1, Math.min(quietLeft, deadline - now) / 1_000_000));
        }
    }

    /** Updates, frames (bursts) and raw bytes that arrived in [from, to). */
    record Window(int updates, int frames, long rawBytes) {
    }

    synchronized Window window(long from, long to) {
        int updates = 0;
        int frames = 0;
        long rawBytes = 0;
        long previous = Long.MIN_VALUE / 2;
        for (int i = 0; i < count; i++) {
            long t = times[i];
            if (t >= from && t < to) {
                updates++;
                rawBytes += raw[i];
                if (t - previous > BURST_GAP_NANOS) {
                    frames++;
                }
            }
            previous = t;
        }
        return new Window(updates, frames, rawBytes);
    }
}
