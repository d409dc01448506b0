package io.gatehouse.e2e.bench;

import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.StatusResponse;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateVerifier;
import io.gatehouse.shared.ssh.SshTransport;
import io.gatehouse.shared.tunnel.Backoff;
import io.gatehouse.shared.tunnel.TunnelHandshake;
import io.gatehouse.shared.tunnel.TunnelProtocol;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * Tunnel scale simulator (bench/tunnel-scale.sh runs it): N simulated agents in one JVM, each
 * dialling as the agent's TunnelClient does, through the same shared code: the handshake, its
 * keepalives and step timeout (TunnelHandshake: plain-key auth, host-certificate global request,
 * remote forward of 127.0.0.1:0), the transport settings (SshTransport), and reconnection with
 * Backoff.TUNNEL (only a tunnel that stayed up ends an outage); all agents share ONE MINA
 * SshClient. Plus each node's mTLS heartbeat to auth every 30 s.
 *
 * Phases: sign N node identities, ramp the tunnels up at a controlled rate, hold (steady state with
 * heartbeats), restart the proxy and time the reconnection, hold again, check proxy and auth are
 * alive. Measures the proxy's RSS, CPU, threads, fds, heap and GC from /proc and jcmd/jstat.
 *
 * Configuration (environment): SIM_STATE (the cluster's state dir: proxy.pid, auth.pid, proxy.log,
 * auth/admin.identity), SIM_AUTH_ADDR, SIM_TUNNEL_ADDR, SIM_AGENTS, SIM_RAMP_PER_SEC,
 * SIM_NIO_WORKERS, SIM_HEARTBEATS (1/0), SIM_HEARTBEAT_INTERVAL_S, SIM_STEADY_S, SIM_POST_S,
 * SIM_RECONNECT_TIMEOUT_S, SIM_SIGN_THREADS, SIM_PROXY_STOP_CMD, SIM_PROXY_START_CMD.
 */
public final class TunnelSim {
    static final int N = envInt("SIM_AGENTS", 5000);
    static final double RAMP_PER_SEC = Double.parseDouble(env("SIM_RAMP_PER_SEC", "50"));
    static final int NIO_WORKERS = envInt("SIM_NIO_WORKERS", 4);
    /** During the ramp at most this many agents are between dialling and "up" (0: no limit). */
    static final int RAMP_INFLIGHT = envInt("SIM_RAMP_MAX_INFLIGHT", 20);
    static final Semaphore rampGate = new Semaphore(RAMP_INFLIGHT > 0 ? RAMP_INFLIGHT : Integer.MAX_VALUE);
    static volatile boolean ramping = true;
    static final boolean HEARTBEATS = envInt("SIM_HEARTBEATS", 1) == 1;
    static final Duration HB_INTERVAL = Duration.ofSeconds(envInt("SIM_HEARTBEAT_INTERVAL_S", 30));
    static final int STEADY_S = envInt("SIM_STEADY_S", 60);
    static final int POST_S = envInt("SIM_POST_S", 30);
    static final int RECONNECT_TIMEOUT_S = envInt("SIM_RECONNECT_TIMEOUT_S", 600);
    static final int SIGN_THREADS = envInt("SIM_SIGN_THREADS", 4);
    static final Duration STEP_TIMEOUT = TunnelHandshake.STEP_TIMEOUT;
    static final Path STATE = Path.of(env("SIM_STATE", "/tmp/scale-qs"));
    static final String AUTH_ADDR = env("SIM_AUTH_ADDR", "127.0.0.1:3025");
    static final String TUNNEL_HOST;
    static final int TUNNEL_PORT;
    static final String JAVA_BIN = Path.of(System.getProperty("java.home"), "bin").toString();

    static {
        String t = env("SIM_TUNNEL_ADDR", "127.0.0.1:3024");
        TUNNEL_HOST = t.substring(0, t.lastIndexOf(':'));
        TUNNEL_PORT = Integer.parseInt(t.substring(t.lastIndexOf(':') + 1));
    }

    // ---- shared simulator state
    static final long T0 = System.nanoTime();
    static final AtomicInteger started = new AtomicInteger();
    static final AtomicInteger up = new AtomicInteger();
    static final LongAdder attempts = new LongAdder();
    static final LongAdder failures = new LongAdder();
    static final LongAdder losses = new LongAdder();
    static final Map<String, LongAdder> failureKinds = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<Long> connectMillis = new ConcurrentLinkedQueue<>();
    static final LongAdder hbOk = new LongAdder();
    static final LongAdder hbFail = new LongAdder();
    static final LongAdder hbSkipped = new LongAdder();
    static final LongAdder hbNewConn = new LongAdder();
    static final Map<String, LongAdder> hbFailKinds = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<Long> hbMillis = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<Long> hbLagMillis = new ConcurrentLinkedQueue<>();
    static final int HB_THREADS = envInt("SIM_HEARTBEAT_THREADS", 16);
    static final ScheduledExecutorService hbTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hb-timer").daemon().factory());
    static final ExecutorService hbPool = Executors.newFixedThreadPool(HB_THREADS,
            Thread.ofPlatform().name("hb-", 0).daemon().factory());
    static final byte[] HB_BODY = ("{\"addr\":\"\",\"labels\":{\"sim\":\"tunnel-scale\"},\"ttl\":\""
            + HB_INTERVAL.toSeconds() * 3 + "s\"}").getBytes(StandardCharsets.UTF_8);
    static volatile boolean stopping;
    static volatile String kexSeen = "?";
    static List<PublicKey> hostCas;
    static SshClient client;

    public static void main(String[] args) throws Exception {
        say("Gatehouse tunnel scale simulator: N=%d agents, ramp %.0f/s, client NIO workers %d, heartbeats %s "
                + "every %d s, proxy tunnel port %s:%d, auth %s", N, RAMP_PER_SEC, NIO_WORKERS,
                HEARTBEATS ? "on" : "off", HB_INTERVAL.toSeconds(), TUNNEL_HOST, TUNNEL_PORT, AUTH_ADDR);
        IdentityFile adminId = IdentityFile.read(STATE.resolve("auth/admin.identity"));
        MtlsJsonClient admin = new MtlsJsonClient(adminId.sslContext("auth"), AUTH_ADDR);
        hostCas = admin.get(ApiPaths.CAS + "/host", CaExport.class).sshPublicKeys().stream()
                .map(Keys::parseOpenSshPublicKey).toList();

        // ---- 1. identities
        phase("1. signing %d node identities through POST %s (%d threads)", N, ApiPaths.CERTS_HOST, SIGN_THREADS);
        long s0 = System.nanoTime();
        Agent[] agents = new Agent[N];
        ExecutorService signers = Executors.newFixedThreadPool(SIGN_THREADS);
        List<Future<?>> fs = new ArrayList<>();
        AtomicInteger signed = new AtomicInteger();
        for (int i = 0; i < N; i++) {
            int idx = i;
            fs.add(signers.submit(() -> {
                agents[idx] = Agent.create(admin, idx);
                int n = signed.incrementAndGet();
                if (n % 1000 == 0) {
                    say("  signed %d/%d (%.0f/s)", n, N, n / secs(System.nanoTime() - s0));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        signers.shutdown();
        double signSecs = secs(System.nanoTime() - s0);
        say("signed %d identities (key pair + SSH and X.509 host certificates, role node) in %.1f s = %.0f/s",
                N, signSecs, N / signSecs);

        client = newClient();
        Snapshot base = Snapshot.take("baseline (0 tunnels)");
        Map<String, Long> netBase = ProcessFigures.netstat();
        String heapBase = ProcessFigures.liveHeap(base.pid);
        say("proxy baseline: %s; live heap after full GC: %s", base, heapBase);

        // ---- 2. ramp
        phase("2. ramp-up: starting %d agents at up to %.0f/s with at most %d connecting at once", N, RAMP_PER_SEC,
                RAMP_INFLIGHT);
        long rampStart = System.nanoTime();
        Thread rampThread = Thread.ofPlatform().name("ramp").start(() -> {
            for (int i = 0; i < N; i++) {
                long due = rampStart + (long) (i * 1e9 / RAMP_PER_SEC);
                sleepUntil(due);
                Agent a = agents[i];
                started.incrementAndGet();
                Thread.ofVirtual().name("agent-" + i).start(a);
                if (HEARTBEATS) {
                    a.startHeartbeats();
                }
            }
        });
        Snapshot rampS0 = Snapshot.take("ramp start");
        double gct0 = ProcessFigures.gcSeconds(rampS0.pid);
        Monitor mon = new Monitor(base);
        boolean allUp = mon.runUntil(() -> up.get() == N && mon.logUps() >= N, 1,
                envInt("SIM_RAMP_TIMEOUT_S", Math.max(900, 120 + (int) (N / RAMP_PER_SEC) * 3)));
        rampThread.join();
        ramping = false;
        double rampSecs = secs(System.nanoTime() - rampStart);
        Snapshot afterRamp = Snapshot.take("after ramp");
        double gcRamp = ProcessFigures.gcSeconds(afterRamp.pid) - gct0;
        Map<String, Long> netRamp = ProcessFigures.netstat();
        say("%s %d/%d tunnels up (simulator) and %d 'up' lines in proxy.log after %.1f s (starting them alone: %.1f s)",
                allUp ? "ALL UP:" : "NOT ALL UP:", up.get(), N, mon.logUps(), rampSecs, N / RAMP_PER_SEC);
        say("connect latency (connect+auth+cert+forward) during ramp: %s; failed attempts %d; kex %s",
                pct(drain(connectMillis)), failures.sum(), kexSeen);
        double rampCpuS = (afterRamp.cpuTicks - rampS0.cpuTicks) / 100.0;
        say("proxy CPU during ramp: %.1f CPU-s = %.2f ms per tunnel established (%d attempts); auth %.1f%%, simulator "
                + "%.1f%%, other processes on this machine %.1f%% of one core (machine %.0f%% busy)", rampCpuS,
                rampCpuS * 1000 / N, attempts.sum(), afterRamp.authCpuPercentSince(rampS0),
                simCpuPercentSince(rampS0), afterRamp.othersPercentSince(rampS0),
                afterRamp.machineBusyPercentSince(rampS0));
        printKinds("ramp connect failures", failureKinds);

        // ---- 3. steady state
        phase("3. steady state: holding %d tunnels for %d s (keepalives every 5 s; heartbeats every %d s)", N,
                STEADY_S, HB_INTERVAL.toSeconds());
        long lossesBefore = losses.sum();
        Snapshot steady0 = Snapshot.take("steady start");
        double gcs0 = ProcessFigures.gcSeconds(steady0.pid);
        long hbOk0 = hbOk.sum();
        long hbSkipRamp = hbSkipped.sum();
        long hbFail0 = hbFail.sum();
        drain(hbMillis);
        drain(hbLagMillis);
        new Monitor(base).runUntil(() -> false, 5, STEADY_S);
        Snapshot steady1 = Snapshot.take("steady end");
        int held = Math.max(1, up.get());
        long hbOkSteady = hbOk.sum() - hbOk0;
        long hbFailSteady = hbFail.sum() - hbFail0;
        long hbSkipSteady = hbSkipped.sum() - hbSkipRamp;
        Map<String, Long> netSteady = ProcessFigures.netstat();
        double steadyCpu = steady1.cpuPercentSince(steady0);
        double simCpuSteady = simCpuPercentSince(steady0);
        long steadyLost = losses.sum() - lossesBefore;
        say("steady: proxy %s", steady1);
        say("steady: proxy CPU %.1f%% of one core (keepalives of %d tunnels), auth CPU %.1f%%, simulator CPU "
                + "%.1f%%, other processes %.1f%%; tunnels lost during steady state: %d", steadyCpu, N,
                steady1.authCpuPercentSince(steady0), simCpuSteady, steady1.othersPercentSince(steady0), steadyLost);
        if (HEARTBEATS) {
            double dt = secs(steady1.nanos - steady0.nanos);
            say("heartbeats during steady state: %d ok (%.1f/s), %d failed, latency %s, start lag %s; skipped (late) "
                    + "so far %d, TLS connections opened so far %d", hbOk.sum() - hbOk0, (hbOk.sum() - hbOk0) / dt,
                    hbFail.sum() - hbFail0, pct(drain(hbMillis)), pct(drain(hbLagMillis)), hbSkipped.sum(),
                    hbNewConn.sum());
            printKinds("heartbeat failures", hbFailKinds);
        }
        double gcSteady = ProcessFigures.gcSeconds(steady1.pid) - gcs0;
        String heapSteady = ProcessFigures.liveHeap(steady1.pid);
        Snapshot afterGc = Snapshot.take("after full GC");
        say("proxy live heap after full GC with %d tunnels: %s (baseline %s)", N, heapSteady, heapBase);
        say("proxy threads by name (jcmd Thread.print):\n%s", ProcessFigures.threadGroups(steady1.pid));
        say("proxy heap by class with %d tunnels (jcmd GC.class_histogram, top 15):\n%s", N,
                ProcessFigures.run(JAVA_BIN + "/jcmd", "" + steady1.pid, "GC.class_histogram").lines().skip(1).limit(18)
                        .map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n"));
        say("proxy GC so far (jstat -gcutil):\n%s", jstat(steady1.pid));
        say("RSS per tunnel: (%d - %d) kB / %d tunnels up = %.1f kB (after a full GC: %.1f kB)", steady1.rssKb,
                base.rssKb, held, (steady1.rssKb - base.rssKb) / (double) held,
                (afterGc.rssKb - base.rssKb) / (double) held);
        say("fds per tunnel: (%d - %d) / %d = %.2f; threads %d -> %d", steady1.fds, base.fds, held,
                (steady1.fds - base.fds) / (double) held, base.threads, steady1.threads);

        // ---- 4. proxy restart
        phase("4. restarting the proxy with %d tunnels up (%s, then %s)", N, env("SIM_PROXY_STOP_CMD", "?"),
                env("SIM_PROXY_START_CMD", "?"));
        for (Agent a : agents) {
            a.upAfterRestartNanos = 0;
        }
        long attempts0 = attempts.sum();
        long failures0 = failures.sum();
        failureKinds.clear();
        drain(connectMillis);
        long losses0 = losses.sum();
        Snapshot beforeKill = Snapshot.take("before kill");
        long killAt = System.nanoTime();
        for (Agent a : agents) {
            a.restartEpoch = killAt;
        }
        String stopOut = shell(env("SIM_PROXY_STOP_CMD", "false"));
        long downAt = System.nanoTime();
        say("proxy stopped in %.2f s (%s); simulator sees %d up", secs(downAt - killAt), stopOut.strip(), up.get());
        AtomicLong readyAt = new AtomicLong();
        Thread starter = Thread.ofPlatform().name("proxy-start").start(() -> {
            String out = shell(env("SIM_PROXY_START_CMD", "false"));
            readyAt.set(System.nanoTime());
            say("proxy start command finished at +%.1f s: %s", secs(readyAt.get() - killAt), out.strip());
        });
        Monitor rmon = new Monitor(base);
        rmon.restartT0 = killAt;
        boolean back = rmon.runUntil(() -> readyAt.get() != 0 && up.get() == N && rmon.logUps() >= N, 1,
                RECONNECT_TIMEOUT_S);
        long allBackAt = System.nanoTime();
        starter.join(60_000);
        Snapshot afterRestart = Snapshot.take("after reconnect");
        double gcRestart = ProcessFigures.gcSeconds(afterRestart.pid);
        Map<String, Long> netRestart = ProcessFigures.netstat();
        List<Long> perAgent = new ArrayList<>();
        for (Agent a : agents) {
            if (a.upAfterRestartNanos != 0) {
                perAgent.add((a.upAfterRestartNanos - killAt) / 1_000_000);
            }
        }
        say("%s %d/%d tunnels back (simulator), %d 'up' lines in the new proxy.log, %.1f s after the kill; the "
                + "proxy was ready (HTTP 'Listening on') %.1f s after the kill, so %.1f s after it was ready",
                back ? "ALL BACK:" : "NOT ALL BACK:", up.get(), N, rmon.logUps(), secs(allBackAt - killAt),
                readyAt.get() == 0 ? -1 : secs(readyAt.get() - killAt),
                readyAt.get() == 0 ? -1 : secs(allBackAt - readyAt.get()));
        say("per-agent time from kill to tunnel up again (ms): %s", pct(perAgent));
        say("connect latency during reconnection: %s", pct(drain(connectMillis)));
        say("reconnection: %d attempts for %d agents (%d failed); proxy CPU during reconnection %.1f%% of one "
                + "core = %.1f CPU-s (%.2f ms per tunnel), simulator CPU %.1f%%", attempts.sum() - attempts0, N,
                failures.sum() - failures0, afterRestart.cpuPercentSinceStart(), afterRestart.cpuSecondsSinceStart(),
                afterRestart.cpuSecondsSinceStart() * 1000 / N, simCpuPercentSince(beforeKill));
        say("during the reconnection other processes on this machine used %.1f%% of one core (machine %.0f%% busy)",
                afterRestart.othersPercentSince(beforeKill), afterRestart.machineBusyPercentSince(beforeKill));
        printKinds("reconnect failures", failureKinds);
        printNet("kernel TCP counters during reconnection", netSteady, netRestart);
        String listener = ProcessFigures.diagnoseListener(afterRestart.pid, TUNNEL_PORT);
        say("the restarted proxy's tunnel listener:\n%s", listener);

        // ---- 5. after
        phase("5. holding %d s after reconnection, then checking proxy and auth", POST_S);
        long lossesAfter = losses.sum();
        new Monitor(base).runUntil(() -> false, 5, POST_S);
        Snapshot end = Snapshot.take("end");
        String heapEnd = ProcessFigures.liveHeap(end.pid);
        boolean proxyAlive = end.alive && ProcessFigures.tcpOpen(TUNNEL_HOST, TUNNEL_PORT);
        String authStatus;
        boolean authAlive;
        try {
            admin.get(ApiPaths.STATUS, StatusResponse.class);
            authAlive = true;
            authStatus = "GET /v1/status OK";
        } catch (RuntimeException e) {
            authAlive = false;
            authStatus = "GET /v1/status failed: " + e.getMessage();
        }
        Snapshot authSnap = Snapshot.take("auth");
        say("end: proxy %s; live heap after full GC %s", end, heapEnd);
        say("proxy GC (jstat -gcutil):\n%s", jstat(end.pid));
        say("auth GC (jstat -gcutil; auth runs with -Xmx" + env("BENCH_AUTH_XMX", "?") + "):\n%s", jstat(authSnap.authPid));

        // ---- summary
        phase("SUMMARY (N=%d simulated agents, one proxy, 2-core machine)", N);
        System.out.printf("""
                  identities signed              %d in %.1f s (%.0f/s)
                  ramp: all tunnels up           %s in %.1f s = %.1f tunnels/s (limit %.0f/s, %d in flight; failures %d)
                  proxy CPU per tunnel set up    %.2f ms (ramp: %.1f CPU-s / %d tunnels); kex %s
                  machine load (other processes) ramp %.0f%%, steady %.0f%%, reconnection %.0f%% of one core
                  proxy RSS before / after       %.1f MiB / %.1f MiB (0 / %d tunnels up at the end of the hold)
                  proxy RSS per tunnel           %.1f kB (%.1f kB after a full GC)
                  proxy live heap (after GC)     %s -> %s  [proxy -Xmx%s]
                  proxy GC time                  ramp %.1f s, hold %.1f s, reconnection %.1f s (jstat GCT)
                  proxy fds                      %d -> %d (%.2f per tunnel)
                  proxy threads                  %d -> %d
                  proxy CPU, steady state        %.1f%% of one core (keepalives every 5 s)
                  auth CPU, steady state         %.1f%% of one core (%s)
                  tunnels lost in steady state   %d
                  proxy restart -> all back      %s in %.1f s after kill (%.1f s after proxy ready)
                  per-agent kill->up p50/p99/max %s
                  reconnect attempts/failures    %d / %d
                  proxy CPU for the reconnection %.1f CPU-s incl. start-up; minus the first proxy's start-up
                                                 (%.1f CPU-s): %.2f ms per tunnel
                  listen overflows (kernel)      ramp %d, reconnection %d
                  tunnels lost after reconnect   %d (in %d s)
                  proxy alive at end             %s (pid %d, RSS %.1f MiB, %d fds, %d threads; tunnel port %s)
                  auth alive at end              %s (%s, RSS %.1f MiB)
                """,
                N, signSecs, N / signSecs,
                allUp ? "yes" : "NO", rampSecs, N / rampSecs, RAMP_PER_SEC, RAMP_INFLIGHT, failures0,
                rampCpuS * 1000 / N, rampCpuS, N, kexSeen,
                afterRamp.othersPercentSince(rampS0), steady1.othersPercentSince(steady0),
                afterRestart.othersPercentSince(beforeKill),
                base.rssKb / 1024.0, steady1.rssKb / 1024.0, held,
                (steady1.rssKb - base.rssKb) / (double) held, (afterGc.rssKb - base.rssKb) / (double) held,
                heapBase, heapSteady, env("BENCH_PROXY_XMX", "?"),
                gcRamp, gcSteady, gcRestart,
                base.fds, steady1.fds, (steady1.fds - base.fds) / (double) held,
                base.threads, steady1.threads,
                steadyCpu,
                steady1.authCpuPercentSince(steady0), HEARTBEATS ? String.format("%d heartbeats/s",
                        N / HB_INTERVAL.toSeconds()) : "no heartbeats",
                steadyLost,
                back ? "yes" : "NO", secs(allBackAt - killAt), readyAt.get() == 0 ? -1 : secs(allBackAt - readyAt.get()),
                pct3(perAgent),
                attempts.sum() - attempts0, failures.sum() - failures0,
                afterRestart.cpuSecondsSinceStart(), base.cpuTicks / 100.0,
                (afterRestart.cpuSecondsSinceStart() - base.cpuTicks / 100.0) * 1000 / N,
                netRamp.getOrDefault("ListenOverflows", 0L) - netBase.getOrDefault("ListenOverflows", 0L),
                netRestart.getOrDefault("ListenOverflows", 0L) - netSteady.getOrDefault("ListenOverflows", 0L),
                losses.sum() - lossesAfter, POST_S,
                proxyAlive ? "yes" : "NO", end.pid, end.rssKb / 1024.0, end.fds, end.threads,
                listener.contains("WEDGED") ? "WEDGED, see above" : ProcessFigures.tcpOpen(TUNNEL_HOST, TUNNEL_PORT)
                        ? "accepts" : "does not accept",
                authAlive ? "yes" : "NO", authStatus, authSnap.authRssKb / 1024.0);
        if (HEARTBEATS) {
            System.out.printf("  heartbeats, whole run           %d ok, %d failed, %d skipped (late), %d TLS connections%n",
                    hbOk.sum(), hbFail.sum(), hbSkipped.sum(), hbNewConn.sum());
            System.out.printf("  heartbeats, hold phase          %d ok (%.0f/s), %d failed, %d skipped; during the ramp %d "
                    + "beats were skipped (over an interval late in the simulator's %d heartbeat threads)%n", hbOkSteady,
                    hbOkSteady / secs(steady1.nanos - steady0.nanos), hbFailSteady, hbSkipSteady, hbSkipRamp, HB_THREADS);
        }
        System.out.flush();
        stopping = true;
        client.stop();
        System.exit(proxyAlive && authAlive && allUp && back ? 0 : 1);
    }

    // ---------------------------------------------------------------- the simulated agent

    static final class Agent implements Runnable {
        final int idx;
        final String name;
        final KeyPair key;
        final String hostCertificate;
        final SSLContext tls;
        final Backoff backoff = new Backoff(Backoff.TUNNEL, ThreadLocalRandom.current()::nextDouble,
                System::nanoTime);
        volatile long restartEpoch;
        final AtomicBoolean hbBusy = new AtomicBoolean();
        volatile long upAfterRestartNanos;
        // heartbeat connection (kept alive like java.net.http's pool between beats)
        SSLSocket hbSocket;
        InputStream hbIn;
        OutputStream hbOut;

        Agent(int idx, String name, KeyPair key, String hostCertificate, SSLContext tls) {
            this.idx = idx;
            this.name = name;
            this.key = key;
            this.hostCertificate = hostCertificate;
            this.tls = tls;
        }

        static Agent create(MtlsJsonClient admin, int idx) {
            KeyPair kp = Keys.generateEcdsaP256();
            String name = String.format("sim-%05d", idx);
            HostCertsResponse r = admin.post(ApiPaths.CERTS_HOST, new SignHostRequest(null, name, List.of("node"),
                    List.of(), Keys.toOpenSshPublicKey(kp.getPublic()), "24h"), HostCertsResponse.class);
            IdentityFile id = new IdentityFile(Keys.privateKeyToPem(kp.getPrivate()), r.sshCertificate(),
                    r.tlsCertificate(), r.tlsCaCertificates(), r.sshUserCaKeys());
            return new Agent(idx, name, kp, r.sshCertificate(), HEARTBEATS ? id.sslContext("auth") : null);
        }

        /** What TunnelClient.run() does, on a virtual thread, against the shared client. */
        @Override
        public void run() {
            while (!stopping) {
                boolean gated = ramping;
                if (gated) {
                    rampGate.acquireUninterruptibly();
                }
                attempts.increment();
                long t = System.nanoTime();
                boolean released = !gated;
                try (ClientSession session = connectGated(gated)) {
                    released = true;
                    long now = System.nanoTime();
                    connectMillis.add((now - t) / 1_000_000);
                    if (restartEpoch != 0 && upAfterRestartNanos == 0) {
                        upAfterRestartNanos = now;
                    }
                    up.incrementAndGet();
                    session.waitFor(EnumSet.of(ClientSessionEvent.CLOSED), 0L);
                    up.decrementAndGet();
                    backoff.lost(Duration.ofNanos(System.nanoTime() - now));
                    if (!stopping) {
                        losses.increment();
                    }
                } catch (IOException | RuntimeException e) {
                    if (!released) {
                        rampGate.release();
                    }
                    if (!stopping) {
                        failures.increment();
                        failureKinds.computeIfAbsent(kind(e), k -> new LongAdder()).increment();
                    }
                }
                if (!stopping) {
                    try {
                        Thread.sleep(backoff.next());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private ClientSession connectGated(boolean gated) throws IOException {
            ClientSession session = connect();
            if (gated) {
                rampGate.release();
            }
            return session;
        }

        private ClientSession connect() throws IOException {
            ClientSession session = client.connect(TunnelProtocol.TUNNEL_USER, TUNNEL_HOST, TUNNEL_PORT)
                    .verify(STEP_TIMEOUT).getSession();
            TunnelHandshake.login(session, key, hostCertificate, 22);
            if ("?".equals(kexSeen)) {
                kexSeen = session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS) + " / "
                        + session.getNegotiatedKexParameter(KexProposalOption.S2CENC) + " / "
                        + session.getNegotiatedKexParameter(KexProposalOption.S2CMAC);
            }
            return session;
        }

        /**
         * Heartbeat.run(): a beat when the agent starts, then one every interval. The beats run on a
         * small pool of platform threads (not the agents' virtual threads), so a slow auth makes them
         * late (measured) instead of starving the simulated tunnels of CPU.
         */
        void startHeartbeats() {
            hbTimer.scheduleAtFixedRate(() -> {
                if (stopping) {
                    return;
                }
                if (!hbBusy.compareAndSet(false, true)) {
                    hbSkipped.increment(); // the previous beat has not even finished
                    return;
                }
                long due = System.nanoTime();
                hbPool.execute(() -> {
                    long t = System.nanoTime();
                    hbLagMillis.add((t - due) / 1_000_000);
                    try {
                        if (t - due > HB_INTERVAL.toNanos()) {
                            hbSkipped.increment(); // a whole interval late: the next one is due anyway
                            return;
                        }
                        int status = beat(HB_BODY);
                        if (status / 100 == 2) {
                            hbOk.increment();
                        } else {
                            hbFail.increment();
                            hbFailKinds.computeIfAbsent("HTTP " + status, k -> new LongAdder()).increment();
                        }
                    } catch (IOException | RuntimeException e) {
                        hbFail.increment();
                        hbFailKinds.computeIfAbsent(kind(e), k -> new LongAdder()).increment();
                        closeHb();
                    } finally {
                        hbMillis.add((System.nanoTime() - t) / 1_000_000);
                        hbBusy.set(false);
                    }
                });
            }, 0, HB_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }

        private int beat(byte[] body) throws IOException {
            boolean reused = hbSocket != null;
            try {
                return post(body);
            } catch (IOException e) {
                closeHb();
                if (!reused) {
                    throw e;
                }
                return post(body); // the kept-alive connection was closed by auth meanwhile
            }
        }

        private int post(byte[] body) throws IOException {
            if (hbSocket == null) {
                int colon = AUTH_ADDR.lastIndexOf(':');
                Socket raw = new Socket();
                raw.connect(new InetSocketAddress(AUTH_ADDR.substring(0, colon),
                        Integer.parseInt(AUTH_ADDR.substring(colon + 1))), 5000);
                hbSocket = (SSLSocket) tls.getSocketFactory().createSocket(raw, AUTH_ADDR.substring(0, colon),
                        raw.getPort(), true);
                hbSocket.setSoTimeout(30_000);
                hbSocket.startHandshake();
                hbIn = new BufferedInputStream(hbSocket.getInputStream());
                hbOut = hbSocket.getOutputStream();
                hbNewConn.increment();
            }
            String head = "POST " + ApiPaths.NODE_HEARTBEAT + " HTTP/1.1\r\nHost: " + AUTH_ADDR
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n";
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write(head.getBytes(StandardCharsets.US_ASCII));
            req.write(body);
            hbOut.write(req.toByteArray());
            hbOut.flush();
            String status = line(hbIn);
            if (status == null) {
                throw new IOException("connection closed by auth");
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(hbIn); h != null && !h.isEmpty(); h = line(hbIn)) {
                String l = h.toLowerCase();
                if (l.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(15).trim());
                } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                    chunked = true;
                } else if (l.startsWith("connection:") && l.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long n = Long.parseLong(line(hbIn).split(";")[0].trim(), 16); n > 0;
                        n = Long.parseLong(line(hbIn).split(";")[0].trim(), 16)) {
                    hbIn.skipNBytes(n);
                    line(hbIn);
                }
                line(hbIn);
            } else if (length > 0) {
                hbIn.skipNBytes(length);
            }
            if (close) {
                closeHb();
            }
            return code;
        }

        private void closeHb() {
            if (hbSocket != null) {
                try {
                    hbSocket.close();
                } catch (IOException ignored) {
                    // gone anyway
                }
            }
            hbSocket = null;
        }
    }

    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    static SshClient newClient() {
        SshClient c = SshClient.setUpDefaultClient();
        SshTransport.apply(c);
        TunnelHandshake.configure(c);
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setServerKeyVerifier((session, remote, serverKey) -> {
            if (!(serverKey instanceof OpenSshCertificate cert)) {
                return false;
            }
            return SshCertificateVerifier.problem(cert, OpenSshCertificate.Type.HOST, hostCas, Instant.now())
                    .isEmpty();
        });
        // The simulated agents serve nothing: the proxy may open no channel to them (a real agent
        // allows only its own SSH service, TunnelClient's OnlyToLocalSsh).
        c.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        CoreModuleProperties.NIO_WORKERS.set(c, NIO_WORKERS);
        String kex = env("SIM_KEX", "");
        if (!kex.isEmpty()) { // an experiment: what the proxy would pay with another key exchange
            c.setKeyExchangeFactories(c.getKeyExchangeFactories().stream().filter(f -> f.getName().equals(kex))
                    .toList());
            if (c.getKeyExchangeFactories().isEmpty()) {
                throw new IllegalArgumentException("SIM_KEX=" + kex + " is not a key exchange this client knows");
            }
        }
        c.start();
        return c;
    }

    // ---------------------------------------------------------------- measurements

    /** The proxy (and auth) as /proc sees them at one instant. */
    static final class Snapshot {
        final String label;
        final long nanos = System.nanoTime();
        final long pid;
        final boolean alive;
        final long rssKb;
        final int threads;
        final long cpuTicks;
        final int fds;
        final long authPid;
        final long authCpuTicks;
        final long authRssKb;
        final long simCpuNanos;
        final long simTicks;
        final long machineBusyTicks;
        final long machineTotalTicks;
        final String loadavg;

        private Snapshot(String label) {
            this.label = label;
            pid = pid("proxy");
            Map<String, String> st = ProcessFigures.status(pid);
            alive = !st.isEmpty();
            rssKb = ProcessFigures.kb(st.get("VmRSS"));
            threads = st.containsKey("Threads") ? Integer.parseInt(st.get("Threads").trim()) : 0;
            cpuTicks = ProcessFigures.cpu(pid);
            fds = ProcessFigures.fds(pid);
            authPid = pid("auth");
            authCpuTicks = ProcessFigures.cpu(authPid);
            authRssKb = ProcessFigures.kb(ProcessFigures.status(authPid).get("VmRSS"));
            simCpuNanos = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            simTicks = ProcessFigures.cpu(ProcessHandle.current().pid());
            long busy = 0;
            long total = 0;
            String load = "?";
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i != 4 && i != 5) {
                        busy += v;
                    }
                }
                load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            machineBusyTicks = busy;
            machineTotalTicks = total;
            loadavg = load;
        }

        /** Percent of one core used by processes other than proxy, auth and this simulator. */
        double othersPercentSince(Snapshot s) {
            long mine = (s.pid == pid ? cpuTicks - s.cpuTicks : cpuTicks) + (authCpuTicks - s.authCpuTicks)
                    + (simTicks - s.simTicks);
            return Math.max(0, (machineBusyTicks - s.machineBusyTicks) - mine) / 100.0 / secs(nanos - s.nanos) * 100;
        }

        double machineBusyPercentSince(Snapshot s) {
            return (machineBusyTicks - s.machineBusyTicks) * 100.0 / Math.max(1, machineTotalTicks - s.machineTotalTicks);
        }

        static Snapshot take(String label) {
            return new Snapshot(label);
        }

        double cpuPercentSince(Snapshot s) {
            if (s.pid != pid) {
                return -1;
            }
            return (cpuTicks - s.cpuTicks) / 100.0 / secs(nanos - s.nanos) * 100;
        }

        double authCpuPercentSince(Snapshot s) {
            return (authCpuTicks - s.authCpuTicks) / 100.0 / secs(nanos - s.nanos) * 100;
        }

        /** CPU of the current proxy process since it started (the restarted proxy: all of its life). */
        double cpuSecondsSinceStart() {
            return cpuTicks / 100.0;
        }

        double cpuPercentSinceStart() {
            double age = ProcessFigures.procAgeSeconds(pid);
            return age <= 0 ? -1 : cpuTicks / 100.0 / age * 100;
        }

        @Override
        public String toString() {
            return String.format("pid %d %s, RSS %.1f MiB, %d threads, %d fds, CPU %.1f s", pid,
                    alive ? "alive" : "DEAD", rssKb / 1024.0, threads, fds, cpuTicks / 100.0);
        }
    }

    static double simCpuPercentSince(Snapshot s) {
        long now = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return (now - s.simCpuNanos) / (double) (System.nanoTime() - s.nanos) * 100;
    }

    /** Prints progress every `every` seconds until done or `limit` seconds passed. */
    static final class Monitor {
        final Snapshot base;
        long restartT0;
        Snapshot last;
        long lastAttempts = attempts.sum();
        long lastFailures = failures.sum();
        long lastSimCpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        long lastNanos = System.nanoTime();
        int logUpsCache;

        Monitor(Snapshot base) {
            this.base = base;
        }

        int logUps() {
            try {
                Path log = STATE.resolve("proxy.log");
                int n = 0;
                for (String l : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                    if (l.contains("tunnel from node '") && l.contains(") up, from")) {
                        n++;
                    }
                }
                logUpsCache = n;
            } catch (IOException e) {
                // the log is being replaced
            }
            return logUpsCache;
        }

        boolean runUntil(BooleanSupplier done, int every, int limitSeconds) {
            long start = System.nanoTime();
            long deadline = start + limitSeconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (done.getAsBoolean()) {
                    print(start);
                    return true;
                }
                sleepUntil(Math.min(deadline, System.nanoTime() + every * 1_000_000_000L));
                print(start);
            }
            return done.getAsBoolean();
        }

        void print(long start) {
            Snapshot s = Snapshot.take("progress");
            long now = System.nanoTime();
            long simCpu = s.simCpuNanos;
            double dt = secs(now - lastNanos);
            double proxyCpu = last != null && last.pid == s.pid ? (s.cpuTicks - last.cpuTicks) / 100.0 / dt * 100 : -1;
            double authCpu = last != null ? s.authCpuPercentSince(last) : -1;
            double others = last != null ? s.othersPercentSince(last) : -1;
            double machine = last != null ? s.machineBusyPercentSince(last) : -1;
            System.out.printf("  +%5.1fs started %5d up %5d log-ups %5d | attempts +%4d failed +%4d | proxy %s RSS "
                            + "%6.1f MiB fds %5d thr %3d cpu %5.1f%% | auth %5.1f%% sim %5.1f%% others %5.1f%% "
                            + "(machine %3.0f%% busy, load %s) | hb ok %6d fail %4d%n",
                    secs(now - (restartT0 != 0 ? restartT0 : start)), started.get(), up.get(), logUps(),
                    attempts.sum() - lastAttempts, failures.sum() - lastFailures, s.alive ? "up  " : "DOWN",
                    s.rssKb / 1024.0, s.fds, s.threads, proxyCpu, authCpu, (simCpu - lastSimCpu) / (dt * 1e9) * 100,
                    others, machine, s.loadavg, hbOk.sum(), hbFail.sum());
            last = s;
            lastAttempts = attempts.sum();
            lastFailures = failures.sum();
            lastSimCpu = simCpu;
            lastNanos = now;
        }
    }

    static long pid(String name) {
        try {
            return Long.parseLong(Files.readString(STATE.resolve(name + ".pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static void printNet(String what, Map<String, Long> a, Map<String, Long> b) {
        StringBuilder sb = new StringBuilder();
        b.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v - a.getOrDefault(k, 0L)));
        say("%s:%s", what, sb);
    }

    static String jstat(long pid) {
        return ProcessFigures.run(JAVA_BIN + "/jstat", "-gcutil", "" + pid);
    }

    static String shell(String command) {
        return ProcessFigures.run("bash", "-c", command);
    }

    // ---------------------------------------------------------------- helpers

    static String kind(Throwable e) {
        String m = String.valueOf(e.getMessage()).replaceAll("[0-9]+", "#").replaceAll("/[0-9.#:]+", "");
        if (m.length() > 120) {
            m = m.substring(0, 120);
        }
        return e.getClass().getSimpleName() + ": " + m;
    }

    static void printKinds(String what, Map<String, LongAdder> kinds) {
        if (kinds.isEmpty()) {
            return;
        }
        say("%s by kind:", what);
        kinds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(10)
                .forEach(e -> System.out.printf("    %6d  %s%n", e.getValue().sum(), e.getKey()));
    }

    static List<Long> drain(ConcurrentLinkedQueue<Long> q) {
        List<Long> out = new ArrayList<>();
        for (Long v = q.poll(); v != null; v = q.poll()) {
            out.add(v);
        }
        return out;
    }

    static String pct(List<Long> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return String.format("n=%d p50=%d p90=%d p99=%d max=%d ms", v.size(), at(v, 0.5), at(v, 0.9), at(v, 0.99),
                v.get(v.size() - 1));
    }

    static String pct3(List<Long> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return String.format("%.1f / %.1f / %.1f s (n=%d)", at(v, 0.5) / 1000.0, at(v, 0.99) / 1000.0,
                v.get(v.size() - 1) / 1000.0, v.size());
    }

    static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
    }

    static void sleepUntil(long nanos) {
        long d = nanos - System.nanoTime();
        if (d > 0) {
            try {
                Thread.sleep(Duration.ofNanos(d));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static void phase(String fmt, Object... args) {
        System.out.println();
        say("== " + fmt, args);
    }

    static void say(String fmt, Object... args) {
        System.out.printf("[%7.1fs] %s%n", secs(System.nanoTime() - T0), String.format(fmt, args));
        System.out.flush();
    }

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    static int envInt(String k, int d) {
        return Integer.parseInt(env(k, "" + d));
    }
}
