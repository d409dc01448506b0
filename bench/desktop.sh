#!/usr/bin/env bash
# Remote desktop benchmark: what the browser's wire carries for a desktop, per tile encoding, against
# the RDP engine straight to the same xrdp, in the same run. Paths, one after the other (xrdp keeps one
# X session per user and size, so they share one desktop and cannot run at once):
#   Gatehouse, PNG tiles         WebSocket > proxy > tunnel > agent (default encoding) > RDP > xrdp
#   Gatehouse, zlib RGBA tiles   the same through a second agent started with GATEHOUSE_DESKTOP_TILES=zlib
#   RDP engine straight to xrdp  agents/rdp's RdpClient in the driver's JVM (the baseline)
# Phases on each (driver: e2e-tests/.../bench/DesktopBench.java, a plain Java WebSocket client):
#   (a) full-screen repaint: an xterm covering the screen scrolls random text (BENCH_FULL_SECONDS, 8)
#   (b) typing: BENCH_KEYS (200) keys, one per 100 ms, into the left xterm's shell
#   (c) latency of those keys: key-down sent -> first screen update received (the echo)
# Prints frames/s, updates/s, wire and raw (32-bpp) bytes/s, the compression ratio raw/wire, CPU of the
# agent per phase (/proc/PID/stat) and latency percentiles; BENCH_ROUNDS (1) repeats all paths.
# Needs root (deploy/xrdp.sh start: a private xrdp on free ports, user gatehouse-bench-rdp). Usage: [BENCH_KEYS=200] [BENCH_ROUNDS=1] bench/desktop.sh   (not a test)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEYS=${BENCH_KEYS:-200}
ROUNDS=${BENCH_ROUNDS:-1}
FULL_SECONDS=${BENCH_FULL_SECONDS:-8}
[ "$FULL_SECONDS" -ge 4 ] || die "BENCH_FULL_SECONDS must be at least 4 (the first 1.5 s and last 1 s are not measured)"
bench_init desktop

# A private xrdp (deploy/xrdp.sh: the same desktop, two xterms and twm) on free ports with its own
# user: xrdp hands every login of a user the same X session, so any other client of the shared test
# xrdp (the e2e scenarios, the RDP engine's tests) would take the desktop away mid-phase.
# BENCH_XRDP=shared uses the shared one at 127.0.0.1:${XRDP_PORT:-3389} instead.
if [ "${BENCH_XRDP:-private}" = shared ] || ! unshare -m true 2>/dev/null; then
  [ "${BENCH_XRDP:-private}" = shared ] || echo "   (cannot unshare a mount namespace for a private xrdp: using the shared one)"
  RDP_LOGIN=${XRDP_USER:-gatehouse-rdp}
  XRDP_DIR=${XRDP_STATE:-$ROOT/.test-state/xrdp}
  export XRDP_PORT=${XRDP_PORT:-3389}
  PRIVATE_XRDP=0
else
  RDP_LOGIN=gatehouse-bench-rdp
  XRDP_DIR=$WORK/xrdp
  export XRDP_PORT=$(fresh_port) XRDP_SESMAN_PORT=$(fresh_port) XRDP_USER=$RDP_LOGIN
  PRIVATE_XRDP=1
fi
desktop_cleanup() {
  local rc=$?
  set +e
  [ "$PRIVATE_XRDP" = 1 ] && "$ROOT/deploy/xrdp.sh" stop "$XRDP_DIR" >/dev/null 2>&1
  (exit "$rc")
  bench_cleanup
}
trap desktop_cleanup EXIT

echo "== remote desktop 1280x800: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/xrdp.sh" start "$XRDP_DIR"
echo "   (starting a Gatehouse quickstart cluster and two desktop agents...)"
bench_start_cluster
source "$ROOT/bench/classpath.sh"
DRIVER_CP=$(bench_classpath e2e-tests) # the driver and its classpath (incremental)
gatectl=(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" bin/gatectl)

# Recording off: it is measured apart from the wire (and would add the agent's disk writes to its CPU).
cat > "$WORK/roles.yaml" <<YAML
kind: role
version: v1
metadata: {name: desktop-bench}
spec:
  allow:
    desktop_labels: {env: bench}
    desktop_logins: [$RDP_LOGIN]
  options: {record_session: false}
YAML
"${gatectl[@]}" create -f "$WORK/roles.yaml" >/dev/null
invite=$("${gatectl[@]}" users add deskbench --roles=desktop-bench --logins="$LOGIN" \
  | grep -o 'invite/[A-Za-z0-9_-]*' | cut -d/ -f2)

# start_desktop_agent NAME [ENV=VALUE...]: a tunnel agent serving desktop bench-NAME (the same xrdp); sets AGENT_PID.
start_desktop_agent() {
  local name=$1 dir=$WORK/agent-$1 out; shift
  mkdir -p "$dir" && chmod 700 "$dir"
  out=$("${gatectl[@]}" tokens add --type=node --single-use --ttl=10m)
  cat > "$dir/agent.yaml" <<YAML
node_name: desk$name
data_dir: $dir/data
proxy_addr: 127.0.0.1:$WEB_PORT
tunnel_addr: 127.0.0.1:$TUNNEL_PORT
auth_addr: 127.0.0.1:$AUTH_PORT
heartbeat_interval: 5s
token: $(awk -F': *' '/^The invite token:/ {print $2}' <<<"$out")
ca_pin: "$(awk '/^CA pin:/ {print $3}' <<<"$out")"
labels: {env: bench}
desktops:
  - name: bench-$name
    addr: 127.0.0.1:$XRDP_PORT
    labels: {env: bench}
    color_depth: 32
    tls: {fingerprint: "$(cat "$XRDP_DIR/cert-fingerprint")"}
    security: tls
    logins:
      $RDP_LOGIN: {password_file: $XRDP_DIR/password}
YAML
  # The log beside the cluster's: bench_cleanup keeps those on failure (BENCH_KEEP_LOGS=1: always).
  env "$@" "$ROOT/deploy/agent.sh" --config "$dir/agent.yaml" > "$STATE/agent-$name.log" 2>&1 &
  AGENT_PID=$!   # deploy/agent.sh execs java: this is the agent's JVM
  _BENCH_PIDS+=("$AGENT_PID")
  local i
  for i in $(seq 1 120); do
    grep -q "tunnel to proxy .* is up" "$STATE/agent-$name.log" && return
    kill -0 "$AGENT_PID" 2>/dev/null || { cat "$STATE/agent-$name.log" >&2; die "agent $name exited while starting"; }
    sleep 0.5
  done
  cat "$STATE/agent-$name.log" >&2
  die "agent $name did not bring its tunnel up within 60 s"
}
start_desktop_agent png
png_pid=$AGENT_PID
start_desktop_agent zlib GATEHOUSE_DESKTOP_TILES=zlib
zlib_pid=$AGENT_PID

# Typed into the left xterm by the driver (its path has only characters the driver can type): an xterm
# bigger than the screen that scrolls random text for FULL_SECONDS, then closes.
script=$WORK/fullscreen.sh
cat > "$script" <<SH
#!/bin/sh
# bench/desktop.sh, phase (a): a screen-covering xterm scrolling random text for $FULL_SECONDS s.
xterm -geometry 300x100+0+0 -e sh -c 'end=\$((\$(date +%s)+$FULL_SECONDS)); while [ \$(date +%s) -lt \$end ]; do head -c 2000 /dev/urandom | base64; done' >/dev/null 2>&1 &
SH
chmod 755 "$script"

echo "   ($ROUNDS round(s) of: PNG agent, zlib agent, RDP engine direct; each ~$((FULL_SECONDS + KEYS / 10 + 12)) s)"
"$JAVA_HOME/bin/java" -Xmx512m -Dbench.ticks="$TICKS" -Dbench.timeline="${BENCH_TIMELINE:-false}" -cp "e2e-tests/target/test-classes:$DRIVER_CP" \
  io.gatehouse.e2e.bench.DesktopBench "$WEB_PORT" "$invite" "$RDP_LOGIN" "$XRDP_DIR/password" "$script" \
  "$FULL_SECONDS" "$KEYS" "$ROUNDS" "$(cat "$STATE/proxy.pid")" \
  bench-png "$png_pid" "Gatehouse, PNG tiles" \
  bench-zlib "$zlib_pid" "Gatehouse, zlib RGBA tiles"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
busy_warning
