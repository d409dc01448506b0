#!/usr/bin/env bash
# Web terminal keystroke latency: BENCH_KEYS (default 1000) single keystrokes, each timed from
# send to its echo, in the same run on two paths (interleaved blocks of 100):
#   web     WebSocket (as the browser's page speaks it) -> proxy -> reverse tunnel -> agent -> PTY
#   direct  the real OpenSSH client (ssh -tt) -> private OpenSSH sshd on this host -> PTY (baseline)
#   and, for context, OpenSSH through Gatehouse (proxy jump host -> tunnel -> agent), gate ssh's path
# Prints p50/p90/p99 per path and the ratio web/direct (target: p50 <= 2x direct).
# Usage: [BENCH_KEYS=1000] [BENCH_LOGIN=gatehouse-bench] bench/web-terminal-latency.sh   (not a test)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEYS=${BENCH_KEYS:-1000}
bench_init web-latency

echo "== web terminal keystroke echo: $KEYS keys per path, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting a private OpenSSH sshd and a Gatehouse quickstart cluster...)"
bench_openssh_config
bench_start_cluster
./mvnw -B -q -pl e2e-tests test-compile # the driver (incremental)
invite=$(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" bin/gatectl users add \
  webbench --roles=access --logins="$LOGIN" | grep -o 'invite/[A-Za-z0-9_-]*' | cut -d/ -f2)
cp_for() { ./mvnw -B -q -pl "$1" dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test; }
"$JAVA_HOME/bin/java" -Xmx256m -cp "e2e-tests/target/test-classes:$(cp_for e2e-tests)" \
  io.gatehouse.e2e.bench.WebTerminalLatencyBench "$WEB_PORT" "$invite" "$NODE_NAME" "$LOGIN" "$OS_CFG" direct "$KEYS" \
  "$GH_CFG" "$GH_HOST"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
