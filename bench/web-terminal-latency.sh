#!/usr/bin/env bash
# Web terminal keystroke latency: BENCH_KEYS (default 1000) single keystrokes, each timed from
# send to its echo, in the same run on these paths (interleaved blocks of 100):
#   web terminal  Chromium's WebSocket (timed by the page) -> proxy -> reverse tunnel -> agent -> PTY
#   the real OpenSSH client (ssh -tt, a remote PTY):
#     - straight to a private OpenSSH sshd on this host
#     - straight to the node's own SSH service (the agent's loopback port: "direct ssh to the node")
#     - through Gatehouse (proxy jump host -> tunnel -> agent), the path gate ssh takes
# Two rounds: keys back to back, then one key every 100 ms (a typist's pace: between keys every
# process on the path goes idle, and each hop then costs a thread wake-up). Prints p50/p90/p99 per
# path and the ratios (target: web p50 <= 2x direct).
# The floor any web terminal has here, in the same rounds: the same Chromium page script and the same
# Java WebSocket client against a minimal WebSocket echo server over TLS in the driver's JVM (no proxy).
# Each round ends with a summary: the lower bound any web terminal has here (that floor + the node's own
# round trip, which direct ssh measures) against the 2x target, and the proxy's part above the bound.
# Usage: [BENCH_KEYS=1000] [BENCH_LOGIN=gatehouse-bench] bench/web-terminal-latency.sh   (not a test)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEYS=${BENCH_KEYS:-1000}
bench_init web-latency
need_packages chromium chromium # the browser the web path is measured in

echo "== web terminal keystroke echo: $KEYS keys per path, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting a private OpenSSH sshd and a Gatehouse quickstart cluster...)"
bench_openssh_config
bench_start_cluster
source "$ROOT/bench/classpath.sh"
DRIVER_CP=$(bench_classpath e2e-tests) # the driver and its classpath (incremental)
invite=$(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" bin/gatectl users add \
  webbench --roles=access --logins="$LOGIN" | grep -o 'invite/[A-Za-z0-9_-]*' | cut -d/ -f2)
# The node's own SSH service (the agent's, on loopback): what "ssh to the node" reaches directly.
agent_port=$(ss -ltnpH | awk -v pid="pid=$(cat "$STATE/agent.pid")," '$0 ~ pid {print $4}' | grep -o '[0-9]*$' | head -1)
cat > "$WORK/agent-direct.cfg" <<CFG
Host agent-direct
    HostName 127.0.0.1
    Port $agent_port
    User $LOGIN
    IdentityFile $WORK/bench
    CertificateFile $WORK/bench-cert.pub
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
CFG
direct_label="OpenSSH direct to the node's SSH service"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$JAVA_HOME/bin/java" -Xmx512m -Dbench.direct="$direct_label" -cp "e2e-tests/target/test-classes:$DRIVER_CP" \
  io.gatehouse.e2e.bench.WebTerminalLatencyBench "$WEB_PORT" "$invite" "$NODE_NAME" "$LOGIN" "$KEYS" \
  "OpenSSH direct to sshd (same host)" "$OS_CFG" direct \
  "$direct_label" "$WORK/agent-direct.cfg" agent-direct \
  "OpenSSH via Gatehouse (jump > tunnel > agent)" "$GH_CFG" "$GH_HOST"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
