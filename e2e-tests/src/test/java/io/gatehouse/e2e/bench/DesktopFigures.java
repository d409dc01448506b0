package io.gatehouse.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one path measured in one phase, summed over rounds: wire and raw bytes, updates and frames
 * in the measured windows, CPU time of the process that encodes for that wire, and per-key latencies.
 */
final class DesktopFigures {
    double seconds;
    long wireBytes;
    long rawBytes;
    long updates;
    long frames;
    long serverCpuNanos;
    long proxyCpuNanos;
    int missed;
    final List<Double> latencyMs = new ArrayList<>();

    void add(double s, long wire, long raw, ScreenUpdates.Window w, long serverCpu, long proxyCpu, List<Double> ms,
            int miss) {
        seconds += s;
        wireBytes += wire;
        rawBytes += raw;
        updates += w.updates();
        frames += w.frames();
        serverCpuNanos += serverCpu;
        proxyCpuNanos += proxyCpu;
        latencyMs.addAll(ms);
        missed += miss;
    }

    double ratio() {
        return wireBytes == 0 ? 0 : (double) rawBytes / wireBytes;
    }

    double wireKBps() {
        return wireBytes / 1024.0 / seconds;
    }

    double serverCpuMsPerSecond() {
        return serverCpuNanos / 1e6 / seconds;
    }

    /** CPU ms per MiB of raw screen: what encoding (agent) or decoding (engine) costs per unit of screen. */
    double serverCpuMsPerRawMiB() {
        return rawBytes == 0 ? 0 : serverCpuNanos / 1e6 / (rawBytes / 1048576.0);
    }

    double pct(int p) {
        double[] s = latencyMs.stream().mapToDouble(d -> d).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(s.length * p / 100.0) - 1;
        return s[Math.max(0, Math.min(i, s.length - 1))];
    }

    double max() {
        return latencyMs.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
    }

    static final String HEADER = String.format(Locale.ROOT, "%-30s %8s %9s %10s %11s %8s %12s %12s %10s",
            "path", "frames/s", "updates/s", "wire KB/s", "raw KB/s", "raw/wire", "CPU ms/s *", "CPU ms/rawMB",
            "proxy ms/s");

    String row(String path, boolean proxy) {
        return String.format(Locale.ROOT, "%-30s %8.1f %9.1f %10.1f %11.1f %7.1fx %12.1f %12.1f %10s", path,
                frames / seconds, updates / seconds, wireKBps(), rawBytes / 1024.0 / seconds, ratio(),
                serverCpuMsPerSecond(), serverCpuMsPerRawMiB(),
                proxy ? String.format(Locale.ROOT, "%.1f", proxyCpuNanos / 1e6 / seconds) : "-");
    }

    String latencyRow(String path) {
        return String.format(Locale.ROOT, "%-30s n=%-4d p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms%s",
                path, latencyMs.size(), pct(50), pct(90), pct(99), max(),
                missed == 0 ? "" : "  (" + missed + " keys without an update within 1 s)");
    }
}
