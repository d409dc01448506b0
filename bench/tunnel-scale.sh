#!/usr/bin/env bash
# Tunnel scale benchmark: one proxy holding N simulated agents' reverse tunnels (with heartbeats to
# auth), then a proxy restart and the time until every tunnel is back. Prints the figures (proxy
# RSS/fds/threads/CPU per tunnel, live heap, GC, reconnection times) and a summary.
#
#   bench/tunnel-scale.sh                 N=5000 (SIM_AGENTS), ramp up at most 50 agents/s
#                                         (SIM_RAMP_PER_SEC) with at most 20 of them connecting at
#                                         once (SIM_RAMP_MAX_INFLIGHT; 0 = no limit)
#   SIM_AGENTS=500 bench/tunnel-scale.sh  a quick run
#
# Other knobs (environment): SIM_HEARTBEATS=0 (no heartbeats), SIM_HEARTBEAT_INTERVAL_S (30),
# SIM_HEARTBEAT_THREADS (16), SIM_STEADY_S (60), SIM_POST_S (30), SIM_NIO_WORKERS (4, the
# simulator's), SIM_RECONNECT_TIMEOUT_S (600), SIM_RAMP_TIMEOUT_S, SIM_KEX (an experiment: offer
# only this key exchange, e.g. curve25519-sha256), BENCH_RESTART_SIGNAL (TERM; KILL for a crash),
# BENCH_PROXY_XMX / BENCH_AUTH_XMX (default: what deploy/quickstart.sh gives them),
# BENCH_TUNNEL_MAX_HANDSHAKES (the proxy's tunnel-max-handshakes; default: the proxy's own),
# BENCH_KEEP=1 (leave the cluster running).
#
# It starts its own auth and proxy as deploy/quickstart.sh does (same configuration files and JVM
# options: SerialGC, the quickstart's -Xmx; plus a GC log for the proxy), on free ports, against
# a fresh database, but without quickstart's agent and without its "build if sources are newer"
# step: auth and proxy are what the quickstart built (or ./mvnw package -DskipTests). Not a test;
# nothing asserts. The simulator is e2e-tests' io.gatehouse.e2e.bench.TunnelSim, compiled by the
# build and here (bench/classpath.sh, incremental) like the other drivers; it dials with the
# agent's own shared code (src-shared tunnel: TunnelHandshake, Backoff). One JVM on the same
# machine: its share of the CPU (it does the agents' half of every SSH key exchange) is printed
# beside the proxy's, as is the CPU other processes on the machine took.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/common.sh"
ROOT=$(repo_root)

# ---- helpers shared with the simulator's restart commands (which call this script again)

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_ready() {
  local name=$1 pattern=$2 i
  for i in $(seq 1 240); do
    running "$STATE/$name.pid" || { tail -n 30 "$STATE/$name.log" >&2; die "$name exited during start-up"; }
    grep -q "$pattern" "$STATE/$name.log" && return
    sleep 0.25
  done
  tail -n 30 "$STATE/$name.log" >&2
  die "$name did not become ready within 60 s"
}

launch() {
  local name=$1; shift
  : > "$STATE/$name.log"
  nohup "$@" >> "$STATE/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
}

start_auth() {
  mkdir -p "$STATE/auth"
  cat > "$STATE/auth.yaml" <<YAML
gatehouse:
  data-dir: $STATE/auth
  auth:
    listen-port: $AUTH_PORT
    public-proxy-addr: localhost:$WEB_PORT
  storage:
    host: $GATEHOUSE_PG_HOST
    port: $GATEHOUSE_PG_PORT
    database: $GATEHOUSE_PG_DATABASE
    username: $GATEHOUSE_PG_USER
    password-file: "${GATEHOUSE_PG_PASSWORD_FILE}"
YAML
  chmod 600 "$STATE/auth.yaml"
  launch auth env QUARKUS_CONFIG_LOCATIONS="$STATE/auth.yaml" "$JAVA_HOME/bin/java" "-Xmx$BENCH_AUTH_XMX" -XX:+UseSerialGC \
    -jar "$APP/auth/quarkus-app/quarkus-run.jar"
  wait_ready auth "Listening on"
}

start_proxy() {
  mkdir -p "$STATE/proxy"
  cat > "$STATE/proxy.yaml" <<YAML
gatehouse:
  proxy:
    data-dir: $STATE/proxy
    identity-file: $STATE/auth/proxy.identity
    auth-addr: 127.0.0.1:$AUTH_PORT
    web-port: $WEB_PORT
    web-internal-port: $WEB_INTERNAL_PORT
    ssh-port: $SSH_PORT
    tunnel-port: $TUNNEL_PORT
YAML
  if [ -n "${BENCH_TUNNEL_MAX_HANDSHAKES:-}" ]; then
    echo "    tunnel-max-handshakes: $BENCH_TUNNEL_MAX_HANDSHAKES" >> "$STATE/proxy.yaml"
  fi
  # Keep the log of an earlier proxy run: the simulator counts 'up' lines in the current one.
  if [ -s "$STATE/proxy.log" ]; then
    local n=1; while [ -e "$STATE/proxy-run$n.log" ]; do n=$((n + 1)); done
    mv "$STATE/proxy.log" "$STATE/proxy-run$n.log"
  fi
  local try
  for try in 1 2 3; do
    launch proxy env QUARKUS_CONFIG_LOCATIONS="$STATE/proxy.yaml" "$JAVA_HOME/bin/java" "-Xmx$BENCH_PROXY_XMX" "${PROXY_JAVA_OPTS[@]}" \
      "-Xlog:gc:file=$STATE/proxy-gc-%p.log:uptime" -jar "$APP/proxy/quarkus-app/quarkus-run.jar"
    # A proxy that cannot reach auth at start-up exits; like a supervisor, try again (and say so).
    if (wait_ready proxy "Listening on") >/dev/null 2>&1; then return; fi
    echo "proxy start attempt $try failed: $(grep -m1 'Caused by' "$STATE/proxy.log" || tail -n 1 "$STATE/proxy.log")" >&2
    cp "$STATE/proxy.log" "$STATE/proxy-failed-start-$(date +%s).log"
  done
  die "the proxy did not start in 3 attempts; see $STATE/proxy-failed-start-*.log"
}

stop_pid() {  # stop_pid NAME SIGNAL: the process this script started, by its pid file
  local f=$STATE/$1.pid pid
  running "$f" || return 0
  pid=$(cat "$f")
  kill "-$2" "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }

case "${1:-}" in
  _stop_proxy)
    t0=$(date +%s.%N); stop_pid proxy "${BENCH_RESTART_SIGNAL:-TERM}"
    echo "SIG${BENCH_RESTART_SIGNAL:-TERM}, exited after $(since "$t0") s"; exit 0 ;;
  _start_proxy)
    t0=$(date +%s.%N); start_proxy
    echo "proxy pid $(cat "$STATE/proxy.pid") listening $(since "$t0") s after launch"; exit 0 ;;
  "") ;;
  *) die "usage: bench/tunnel-scale.sh   (environment: SIM_AGENTS=5000 ...)" ;;
esac

# ---- the benchmark

# The heaps the quickstart gives auth and the proxy (its launch lines), unless overridden.
quickstart_xmx() {
  sed -n "s/.*launch $1 .* -Xmx\([0-9]*[mMgG]\) .*/\1/p" "$ROOT/deploy/quickstart.sh" | head -1
}
BENCH_PROXY_XMX=${BENCH_PROXY_XMX:-$(quickstart_xmx proxy)}
BENCH_AUTH_XMX=${BENCH_AUTH_XMX:-$(quickstart_xmx auth)}
export BENCH_PROXY_XMX=${BENCH_PROXY_XMX:-512m} BENCH_AUTH_XMX=${BENCH_AUTH_XMX:-512m}

need_packages psql postgresql-client python3 python3
pick_java
export JAVA_HOME
for f in auth/target/quarkus-app/quarkus-run.jar proxy/target/quarkus-app/quarkus-run.jar; do
  [ -e "$ROOT/$f" ] || die "$f is missing: run deploy/quickstart.sh once, or build (./mvnw -B -q package -DskipTests)"
done
cd "$ROOT"
source "$ROOT/bench/classpath.sh"
SIM_CP=$(bench_classpath e2e-tests) # the simulator (e2e-tests' bench package) and its classpath

# 5,000 tunnels cost the proxy two descriptors each (the connection and its loopback listener), the
# simulator one per tunnel and one per heartbeat connection, auth one per heartbeat connection.
N=${SIM_AGENTS:-5000}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
say "file descriptor limit for the simulator, auth and proxy: $(ulimit -n) (hard $(ulimit -Hn))"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * N + 2000)) ]; then
  say "WARNING: $(ulimit -n) descriptors may not be enough for $N tunnels (the proxy needs about 2 per tunnel, the \
simulator 2 per agent with heartbeats); raising the limit needs CAP_SYS_RESOURCE"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export STATE=${BENCH_STATE:-$(mktemp -d /tmp/gatehouse-tunnel-scale.XXXXXX)}
mkdir -p "$STATE"

# The simulator's classpath with this checkout's own entries (the reactor's target/ directories)
# pointing into the copy below; jars from ~/.m2 stay where they are.
sim_classpath_in() {
  local entry entries out=() n=0
  IFS=: read -r -a entries <<< "e2e-tests/target/test-classes:$SIM_CP"
  for entry in "${entries[@]}"; do
    case "$entry" in
      /*) ;;
      *) entry=$ROOT/$entry ;;
    esac
    if [[ "$entry" == "$ROOT"/* ]]; then
      n=$((n + 1)); out+=("$1/$n")
      [ -n "${2:-}" ] && { [ -e "$entry" ] && cp -a "$entry" "$1/$n" || mkdir -p "$1/$n"; }
    else
      out+=("$entry")
    fi
  done
  (IFS=:; echo "${out[*]}")
}

# Run from a private copy of the built artifacts, so that a rebuild in the working tree during the
# run (it takes minutes) cannot pull jars out from under auth, the proxy or the simulator. Copies
# only a quiet tree (nothing written for 15 s) and re-copies if it changed while copying.
snapshot_artifacts() {
  local src=("$ROOT/auth/target/quarkus-app" "$ROOT/proxy/target/quarkus-app" "$ROOT/e2e-tests/target/test-classes"
    "$ROOT/src-shared/target/classes") i
  for i in $(seq 1 60); do
    if [ -n "$(find "${src[@]}" -newermt '15 seconds ago' -print -quit 2>/dev/null)" ] || \
       [ ! -e "$ROOT/auth/target/quarkus-app/quarkus-run.jar" ] || [ ! -e "$ROOT/proxy/target/quarkus-app/quarkus-run.jar" ]; then
      [ "$i" = 1 ] && say "the build output is being rewritten (a build is running?); waiting until it is quiet..."
      sleep 10; continue
    fi
    rm -rf "$STATE/app"; mkdir -p "$STATE/app/auth" "$STATE/app/proxy" "$STATE/app/sim"
    touch "$STATE/app/.copied"
    cp -a "$ROOT/auth/target/quarkus-app" "$STATE/app/auth/" && cp -a "$ROOT/proxy/target/quarkus-app" "$STATE/app/proxy/" \
      && SIM_CLASSPATH=$(sim_classpath_in "$STATE/app/sim" copy) \
      && [ -z "$(find "${src[@]}" -newer "$STATE/app/.copied" -print -quit 2>/dev/null)" ] && return
  done
  die "the build output under */target never stayed unchanged long enough to copy it"
}
snapshot_artifacts
export APP=$STATE/app
say "running auth, proxy and the simulator from a copy of the build in $APP"
export AUTH_PORT=$(free_port) WEB_PORT=$(free_port) SSH_PORT=$(free_port) TUNNEL_PORT=$(free_port)
export WEB_INTERNAL_PORT=$(free_port) # the web UI's listener behind the web port's TLS router

# Database: GATEHOUSE_PG_* if set; else a local PostgreSQL on 5432 that trusts user postgres; else
# the private cluster of deploy/postgres.sh. A fresh database either way, dropped at the end.
if [ -z "${GATEHOUSE_PG_HOST:-}" ] && psql -X -h 127.0.0.1 -p 5432 -U postgres -d postgres -w -tAc 'select 1' \
    >/dev/null 2>&1; then
  export GATEHOUSE_PG_HOST=127.0.0.1 GATEHOUSE_PG_PORT=5432 GATEHOUSE_PG_USER=postgres
  echo > "$STATE/pg-empty-password"
  export GATEHOUSE_PG_PASSWORD_FILE=$STATE/pg-empty-password
else
  eval "$("$ROOT/deploy/postgres.sh" ensure "$STATE")"
fi
export GATEHOUSE_PG_DATABASE=gh_tunnel_scale_$$
pg() { PGPASSWORD=$(cat "${GATEHOUSE_PG_PASSWORD_FILE:-/dev/null}" 2>/dev/null) psql -X -q -w -h "$GATEHOUSE_PG_HOST" \
  -p "$GATEHOUSE_PG_PORT" -U "$GATEHOUSE_PG_USER" -d postgres "$@"; }
pg -c "CREATE DATABASE $GATEHOUSE_PG_DATABASE"

cleanup() {
  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    stop_pid proxy TERM || true
    stop_pid auth TERM || true
    pg -c "DROP DATABASE IF EXISTS $GATEHOUSE_PG_DATABASE WITH (FORCE)" || true
    say "stopped auth and proxy, dropped database $GATEHOUSE_PG_DATABASE; logs kept in $STATE"
  else
    say "BENCH_KEEP=1: auth (pid $(cat "$STATE/auth.pid")) and proxy (pid $(cat "$STATE/proxy.pid")) still run; \
database $GATEHOUSE_PG_DATABASE; state $STATE"
  fi
}
trap cleanup EXIT

say "state $STATE; auth :$AUTH_PORT (-Xmx$BENCH_AUTH_XMX), proxy web :$WEB_PORT ssh :$SSH_PORT tunnel :$TUNNEL_PORT \
(-Xmx$BENCH_PROXY_XMX); database $GATEHOUSE_PG_DATABASE on $GATEHOUSE_PG_HOST:$GATEHOUSE_PG_PORT"
start_auth
say "auth up (pid $(cat "$STATE/auth.pid"))"
start_proxy
say "proxy up (pid $(cat "$STATE/proxy.pid")); the proxy's own limit: $(grep 'open files' /proc/"$(cat "$STATE/proxy.pid")"/limits)"
sleep 5 # let the proxy finish warming up before the baseline

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
set +e
SIM_STATE=$STATE SIM_AUTH_ADDR=127.0.0.1:$AUTH_PORT SIM_TUNNEL_ADDR=127.0.0.1:$TUNNEL_PORT \
  SIM_PROXY_STOP_CMD="'$SELF' _stop_proxy" SIM_PROXY_START_CMD="'$SELF' _start_proxy" \
  "$JAVA_HOME/bin/java" -Xmx2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider \
  -cp "$SIM_CLASSPATH" io.gatehouse.e2e.bench.TunnelSim 2> "$STATE/sim.log" | tee "$STATE/report.txt"
SIM_RC=${PIPESTATUS[0]}
set -e

echo
say "== logs ($STATE)"
for f in "$STATE"/proxy-run*.log "$STATE/proxy.log" "$STATE/auth.log"; do
  [ -f "$f" ] || continue
  printf '  %-22s %6d lines, %5d tunnel up, %5d tunnel closed, %4d WARN, %4d ERROR, %4d exception lines, %d OutOfMemoryError\n' \
    "$(basename "$f")" "$(wc -l < "$f")" "$(grep -c ') up, from' "$f" || true)" "$(grep -c "tunnel from node .* closed" "$f" || true)" \
    "$(grep -c ' WARN ' "$f" || true)" "$(grep -c ' ERROR ' "$f" || true)" "$(grep -cE '^[a-zA-Z.$]+(Exception|Error)\b|Exception:' "$f" || true)" \
    "$(grep -c OutOfMemoryError "$f" || true)"
  grep -E ' (WARN|ERROR) ' "$f" | sed -E 's/^[0-9-]+ [0-9:,]+ //; s/[0-9a-f]{8}-[0-9a-f-]{27}/<id>/g; s/[0-9]+/#/g' \
    | sort | uniq -c | sort -rn | head -8 | sed 's/^/      /' || true
done
for f in "$STATE"/proxy-gc-*.log; do
  [ -f "$f" ] || continue
  awk -v f="$(basename "$f")" '/Pause/ { n++; ms=$NF; sub("ms","",ms); ms+=0; t+=ms; if (ms>max) max=ms; if (/Full/) full++ }
    END { printf "  %-22s %d GC pauses (%d full), total %.0f ms, longest %.1f ms\n", f, n, full, t, max }' "$f"
done
printf '  %-22s %d lines, %d WARN\n' sim.log "$(wc -l < "$STATE/sim.log")" "$(grep -c WARN "$STATE/sim.log" || true)"
grep WARN "$STATE/sim.log" | sed -E 's/^[0-9-]+T[0-9:.+Z-]+ //; s/[0-9]+/#/g' | sort | uniq -c | sort -rn | head -5 \
  | sed 's/^/      /' || true
for name in auth proxy; do
  if running "$STATE/$name.pid"; then say "$name still running (pid $(cat "$STATE/$name.pid"))"; else say "$name is NOT running"; fi
done
exit $SIM_RC
