#!/usr/bin/env bash
# Agent memory benchmark: resident memory (VmRSS) of the quickstart agent JVM
#   idle        20 s after start-up (no SSH session served yet), and again after one session
#   loaded      with BENCH_SESSIONS (default 20) concurrent interactive SSH sessions through
#               Gatehouse (ssh -tt, a login shell each, kept open), once all of them answered
#   after       5 s after they were all closed with `exit`
# and the per-session increment; the proxy's RSS (it carries every session too) for context.
# Then the agent's start-up: launch of deploy/agent.sh to its "tunnel ... is up" log line, the
# median of BENCH_STARTUP_RUNS (default 3) starts without and with the AOT cache.
# If not every session answers within BENCH_SESSION_WAIT seconds (default 120), the figures are
# taken anyway and the script says how many sessions were up and whether the agent still works.
# BENCH_JAVA_TOOL_OPTIONS is passed as JAVA_TOOL_OPTIONS to the cluster's JVMs (auth, proxy and
# agent), e.g. "-Djdk.virtualThreadScheduler.parallelism=64" to measure past the agent's
# virtual-thread pinning on few-core hosts.
# Usage: [BENCH_SESSIONS=20] [BENCH_LOGIN=gatehouse-bench] bench/agent-memory.sh      (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SESSIONS=${BENCH_SESSIONS:-20}
WAIT=${BENCH_SESSION_WAIT:-120}
bench_init memory

echo "== Agent memory: VmRSS idle and with $SESSIONS concurrent interactive SSH sessions through Gatehouse," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting a Gatehouse quickstart cluster...)"
if [ -n "${BENCH_JAVA_TOOL_OPTIONS:-}" ]; then
  echo "   JAVA_TOOL_OPTIONS for auth, proxy and agent: $BENCH_JAVA_TOOL_OPTIONS"
  JAVA_TOOL_OPTIONS=$BENCH_JAVA_TOOL_OPTIONS BENCH_PROBE=0 bench_start_cluster
else
  BENCH_PROBE=0 bench_start_cluster
fi
AGENT_PID=$(cat "$STATE/agent.pid")
PROXY_PID=$(cat "$STATE/proxy.pid")
echo "   agent JVM: $(tr '\0' ' ' < "/proc/$AGENT_PID/cmdline" | grep -o -- '-Xmx[^ ]*') (deploy/agent.sh)," \
  "proxy JVM: $(tr '\0' ' ' < "/proc/$PROXY_PID/cmdline" | grep -o -- '-Xmx[^ ]*') (deploy/quickstart.sh)"

mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }
# median of 3 samples, 1 s apart, in KiB
sample_rss() {
  local i
  for i in 1 2 3; do rss_kib "$1"; sleep 1; done | median
}
# snapshot NAME: records agent and proxy RSS (KiB) and thread counts
declare -A AG PR AT PT
snapshot() {
  AG[$1]=$(sample_rss "$AGENT_PID"); PR[$1]=$(sample_rss "$PROXY_PID")
  AT[$1]=$(threads "$AGENT_PID"); PT[$1]=$(threads "$PROXY_PID")
}
children() { ps --no-headers --ppid "$1" | wc -l || true; } # ps fails when there is none
sessions_up() { grep -l 'SESSION-[0-9]*-READY' "$WORK"/sessions/*.out 2>/dev/null | wc -l || true; }
agent_answers() { timeout 30 ssh -F "$GH_CFG" -o BatchMode=yes "$GH_HOST" true 2>/dev/null && echo yes || echo NO; }

echo "   settling 20 s..."
sleep 20
snapshot idle
ssh -F "$GH_CFG" -o BatchMode=yes "$GH_HOST" true
sleep 5
snapshot warm

echo "   opening $SESSIONS interactive sessions..."
mkdir -p "$WORK/sessions"
SSH_PIDS=()
t0=$(now)
for i in $(seq 1 "$SESSIONS"); do
  f=$WORK/sessions/$i
  mkfifo "$f.in"
  # stdin is the fifo opened read-write: never EOF, and the script can type into it.
  ssh -tt -F "$GH_CFG" -o BatchMode=yes "$GH_HOST" <>"$f.in" > "$f.out" 2>&1 &
  SSH_PIDS+=($!); _BENCH_PIDS+=($!)
done
# Each shell proves it is up and interactive by running what was typed (the terminal's echo
# shows the typed text, which does not contain the marker unsplit).
for i in $(seq 1 "$SESSIONS"); do echo "echo SESSION''-$i-READY" > "$WORK/sessions/$i.in"; done
deadline=$((SECONDS + WAIT))
while [ "$(sessions_up)" -lt "$SESSIONS" ] && [ $SECONDS -lt $deadline ]; do
  for pid in "${SSH_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 5 "$WORK"/sessions/*.out >&2; die "an ssh session ended early"; }
  done
  sleep 1
done
UP=$(sessions_up)
t1=$(now)
if [ "$UP" -eq "$SESSIONS" ]; then
  echo "   all $SESSIONS sessions answered after $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s;" \
    "agent child processes (runuser): $(children "$AGENT_PID")"
else
  echo "   WARNING: only $UP of $SESSIONS sessions answered within $WAIT s (agent child processes:" \
    "$(children "$AGENT_PID")); a new 'ssh NODE true' works: $(agent_answers)"
fi
sleep 5
snapshot loaded

for i in $(seq 1 "$SESSIONS"); do echo "exit" > "$WORK/sessions/$i.in"; done
deadline=$((SECONDS + 30))
for pid in "${SSH_PIDS[@]}"; do
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
done
STILL=0
for pid in "${SSH_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && STILL=$((STILL + 1)); done
[ "$STILL" -eq 0 ] || echo "   WARNING: $STILL sessions did not end on 'exit' within 30 s"
sleep 5
snapshot after
LEFT=$(children "$AGENT_PID")
[ "$LEFT" -eq 0 ] || echo "   WARNING: $LEFT session processes are still children of the agent after the sessions ended"

# Start-up: from launching deploy/agent.sh (as systemd or the quickstart would) to the agent's log
# line saying its tunnel is up, STARTUP_RUNS times each without the AOT cache (cold: plain JVM) and
# with it; the median of each. The quickstart's agent is stopped first (same node, same identity).
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-3}
kill "$AGENT_PID" 2>/dev/null || true
while kill -0 "$AGENT_PID" 2>/dev/null; do sleep 0.2; done
# startup_ms on|off [settle-seconds]: prints the milliseconds to "tunnel ... is up"; with a settle
# time, also leaves the agent's idle RSS (KiB) after that many seconds in $WORK/startup.rss.
startup_ms() {
  local log=$WORK/startup.log t0 pid up i
  : > "$log"
  t0=$(date +%s%3N)
  GATEHOUSE_AGENT_AOT=$1 "$ROOT/deploy/agent.sh" --config "$STATE/agent.yaml" > "$log" 2>&1 &
  pid=$!; _BENCH_PIDS+=($pid)
  for i in $(seq 1 600); do
    grep -q 'tunnel to proxy .* is up' "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the agent exited while starting"; }
    sleep 0.05
  done
  # CPU time (user+system) the agent used until then: on a shared machine, the figure load does not inflate.
  cpu_ticks "$pid" > "$WORK/startup.cpu"
  up=$(grep -m1 'tunnel to proxy .* is up' "$log" | cut -d' ' -f1)
  [ -n "$up" ] || { cat "$log" >&2; die "the agent's tunnel did not come up in 30 s"; }
  if [ -n "${2:-}" ]; then sleep "$2"; sample_rss "$pid" > "$WORK/startup.rss"; fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( $(date -d "$up" +%s%3N) - t0 ))
}
echo "   start-up to 'tunnel up', $STARTUP_RUNS times without and with the AOT cache..."
startup_ms on > /dev/null # trains the cache if this build has none yet (deploy/agent.sh)
declare -A START CPU
for mode in off on; do
  : > "$WORK/startup.cpus"
  START[$mode]=$(for i in $(seq 1 "$STARTUP_RUNS"); do
    startup_ms "$mode"; cat "$WORK/startup.cpu" >> "$WORK/startup.cpus"; done | median)
  CPU[$mode]=$(awk -v hz="$(getconf CLK_TCK)" '{print $1 * 1000 / hz}' "$WORK/startup.cpus" | median)
done
startup_ms off 20 > /dev/null
COLD_RSS=$(cat "$WORK/startup.rss")

echo
printf '%-42s %12s %12s %10s %10s\n' "" "agent MiB" "proxy MiB" "agent thr" "proxy thr"
for s in idle warm loaded after; do
  case $s in
    idle) label="idle (20 s after start, no session yet)" ;;
    warm) label="idle after one session" ;;
    loaded) label="$SESSIONS interactive sessions open ($UP answered)" ;;
    after) label="5 s after they were closed" ;;
  esac
  printf '%-42s %12s %12s %10s %10s\n' "$label" "$(mib "${AG[$s]}")" "$(mib "${PR[$s]}")" "${AT[$s]}" "${PT[$s]}"
done
echo
per() { awk -v a="$1" -v b="$2" -v n="$SESSIONS" 'BEGIN {printf "%.2f", (a-b)/n/1024}'; }
echo "agent per-session increment: $(per "${AG[loaded]}" "${AG[idle]}") MiB vs idle," \
  "$(per "${AG[loaded]}" "${AG[warm]}") MiB vs idle after one session"
echo "proxy per-session increment: $(per "${PR[loaded]}" "${PR[warm]}") MiB vs idle after one session"
note=""
[ "$UP" -eq "$SESSIONS" ] || note=" | NOTE: only $UP of $SESSIONS sessions were working"
echo "agent start-up to 'tunnel up' (median of $STARTUP_RUNS): $(printf %.0f "${START[off]}") ms without the AOT cache," \
  "$(printf %.0f "${START[on]}") ms with it (CPU time used by then: $(printf %.0f "${CPU[off]}") ms and" \
  "$(printf %.0f "${CPU[on]}") ms; load average $(cut -d' ' -f1 /proc/loadavg)); idle RSS without the cache" \
  "$(mib "$COLD_RSS") MiB (the table's agent has it)"
echo "RESULT agent RSS idle $(mib "${AG[idle]}") MiB | with $SESSIONS sessions $(mib "${AG[loaded]}") MiB |" \
  "per session $(per "${AG[loaded]}" "${AG[idle]}") MiB | start to tunnel up $(printf %.0f "${START[on]}") ms (cold" \
  "$(printf %.0f "${START[off]}") ms) | proxy idle $(mib "${PR[idle]}") MiB, with sessions $(mib "${PR[loaded]}") MiB$note"
