package io.gatehouse.e2e.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark reads about a running process from /proc and the JDK's tools (jcmd, jstat):
 * status fields, CPU ticks, descriptors, kernel TCP counters, live heap, GC time, threads, and
 * whether a listener is still being served. Linux only; a value that cannot be read comes back
 * empty, 0 or -1 rather than failing the run.
 */
public final class ProcessFigures {
    private static final String JAVA_BIN = Path.of(System.getProperty("java.home"), "bin").toString();

    private ProcessFigures() {
    }

    public static Map<String, String> status(long pid) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int c = l.indexOf(':');
                if (c > 0) {
                    m.put(l.substring(0, c), l.substring(c + 1).trim());
                }
            }
        } catch (IOException e) {
            // not running
        }
        return m;
    }

    public static long kb(String v) {
        return v == null ? 0 : Long.parseLong(v.replace("kB", "").trim());
    }

    public static long cpu(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static double procAgeSeconds(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return uptime - startTicks / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static int fds(long pid) {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Kernel TCP counters (/proc/net/netstat TcpExt) that show an overflowing accept queue. */
    public static Map<String, Long> netstat() {
        Map<String, Long> m = new TreeMap<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] k = lines.get(i).split(" ");
                String[] v = lines.get(i + 1).split(" ");
                if (!k[0].equals("TcpExt:")) {
                    continue;
                }
                for (int j = 1; j < k.length; j++) {
                    if (List.of("ListenOverflows", "ListenDrops", "SyncookiesSent", "TCPReqQFullDrop",
                            "TCPReqQFullDoCookies", "TCPBacklogDrop").contains(k[j])) {
                        m.put(k[j], Long.parseLong(v[j]));
                    }
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return m;
    }


    /** Heap in use right after a full GC (jcmd GC.run, then GC.heap_info). */
    public static String liveHeap(long pid) {
        run(JAVA_BIN + "/jcmd", "" + pid, "GC.run");
        String info = run(JAVA_BIN + "/jcmd", "" + pid, "GC.heap_info");
        long used = 0;
        var m = java.util.regex.Pattern.compile("(DefNew|Tenured|generation|PSYoungGen|ParOldGen|heap)\\s+total \\d+K, "
                + "used (\\d+)K").matcher(info);
        while (m.find()) {
            used += Long.parseLong(m.group(2));
        }
        return used == 0 ? "? (" + info.strip().replace('\n', ' ') + ")" : String.format("%.1f MiB", used / 1024.0);
    }

    /**
     * Is the proxy's tunnel listener being served? Prints its accept queue (ss: Recv-Q of a LISTEN
     * socket = connections waiting for accept(), Send-Q = backlog), the epoll instance(s) holding
     * the listener's fd with their event masks (/proc/PID/fdinfo), and which JDK EPollPort threads
     * poll which epoll fd (/proc/PID/task/TID/syscall: 232 = epoll_wait(epfd, ...)).
     */
    public static String diagnoseListener(long pid, int port) {
        StringBuilder sb = new StringBuilder();
        String ss = run("ss", "-ltnpH", "sport = :" + port).strip();
        sb.append("    ss -ltnp (Recv-Q = waiting for accept, Send-Q = backlog): ").append(ss).append('\n');
        var fdm = java.util.regex.Pattern.compile("pid=" + pid + ",fd=(\\d+)").matcher(ss);
        String listenFd = fdm.find() ? fdm.group(1) : "?";
        Map<String, String> epollOfFd = new TreeMap<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;
                }
                if (!target.contains("eventpoll")) {
                    continue;
                }
                String epfd = fd.getFileName().toString();
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + epfd))) {
                    String[] f = l.trim().split("\\s+");
                    if (f.length >= 4 && f[0].equals("tfd:") && f[1].equals(listenFd)) {
                        epollOfFd.put(epfd, f[3]);
                    }
                }
            }
        } catch (IOException e) {
            sb.append("    (cannot read /proc/").append(pid).append("/fd: ").append(e.getMessage()).append(")\n");
        }
        epollOfFd.forEach((epfd, mask) -> sb.append(String.format("    listener fd %s is in epoll fd %s with events 0x%s"
                + " (0x4000xxxx = ONESHOT; 1 = EPOLLIN armed, 0x40000000 alone = fired, not re-armed)%n", listenFd,
                epfd, mask)));
        String dump = run(JAVA_BIN + "/jcmd", "" + pid, "Thread.print");
        boolean polled = false;
        for (String block : dump.split("\n\n")) {
            if (!block.contains("sun.nio.ch.EPollPort")) {
                continue;
            }
            var m = java.util.regex.Pattern.compile("^\"([^\"]+)\".*? \\[(\\d+)\\]", java.util.regex.Pattern.DOTALL)
                    .matcher(block);
            if (!m.find()) {
                continue;
            }
            String where = block.lines().filter(l -> l.contains("EPollPort")).findFirst().orElse("").trim();
            String syscall;
            try {
                syscall = Files.readString(Path.of("/proc/" + pid + "/task/" + m.group(2) + "/syscall")).trim();
            } catch (IOException e) {
                syscall = "?";
            }
            String[] sc = syscall.split(" ");
            String what = sc[0].equals("232") && sc.length > 1
                    ? "in epoll_wait on epoll fd " + Long.parseLong(sc[1].substring(2), 16)
                    : sc[0].equals("202") ? "parked (futex)" : "syscall " + sc[0];
            if (sc[0].equals("232") && sc.length > 1 && epollOfFd.containsKey("" + Long.parseLong(sc[1].substring(2), 16))
                    || sc[0].equals("running")) {
                polled = true; // (a running event thread may be the listener's: give it the benefit of the doubt)
            }
            sb.append(String.format("    JDK event thread %s (tid %s): %s, %s%n", m.group(1), m.group(2), what, where));
        }
        var q = java.util.regex.Pattern.compile("LISTEN\\s+(\\d+)\\s+(\\d+)").matcher(ss);
        boolean waiting = q.find() && Integer.parseInt(q.group(1)) > 0;
        sb.append(polled ? "    a thread polls (or is handling events of) the listener's epoll instance\n"
                : waiting ? "    NO thread polls the listener's epoll instance while connections wait to be accepted: the "
                        + "proxy's NIO2 channel group is WEDGED (accepts and reads on the tunnel port never complete)\n"
                : "    no thread polls the listener's epoll instance at this instant (nothing waits to be accepted)\n");
        return sb.toString();
    }

    /** Total GC time of a JVM so far (jstat -gcutil, column GCT). */
    public static double gcSeconds(long pid) {
        String[] lines = run(JAVA_BIN + "/jstat", "-gcutil", "" + pid).strip().split("\n");
        try {
            String[] f = lines[lines.length - 1].trim().split("\\s+");
            return Double.parseDouble(f[f.length - 1]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public static String threadGroups(long pid) {
        String dump = run(JAVA_BIN + "/jcmd", "" + pid, "Thread.print");
        Map<String, Integer> groups = new TreeMap<>();
        for (String l : dump.split("\n")) {
            if (l.startsWith("\"")) {
                String name = l.substring(1, l.indexOf('"', 1)).replaceAll("\\d+", "#");
                groups.merge(name, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> e = new ArrayList<>(groups.entrySet());
        e.sort((x, y) -> y.getValue() - x.getValue());
        StringBuilder sb = new StringBuilder();
        e.forEach(x -> sb.append(String.format("    %4d  %s%n", x.getValue(), x.getKey())));
        return sb.toString();
    }

    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }


    public static boolean tcpOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
