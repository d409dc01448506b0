#!/usr/bin/env bash
# Agent memory benchmark: resident memory (VmRSS) of the quickstart agent JVM
#   idle        20 s after start-up (no SSH session served yet), and again after one session
#   loaded      with BENCH_SESSIONS (default 20) concurrent interactive SSH sessions through
#               Gatehouse (ssh -tt, a login shell each, kept open), once all of them answered
#   after       5 s after they all closed
# and the per-session increment; the proxy's RSS (it carries every session too) for context.
# Usage: [BENCH_SESSIONS=20] [BENCH_LOGIN=root] bench/agent-memory.sh      (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SESSIONS=${BENCH_SESSIONS:-20}
bench_init memory

echo "== Agent memory: VmRSS idle and with $SESSIONS concurrent interactive SSH sessions through Gatehouse"
echo "   (starting a Gatehouse quickstart cluster...)"
BENCH_PROBE=0 bench_start_cluster
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
for _ in $(seq 1 240); do
  ready=0
  for i in $(seq 1 "$SESSIONS"); do grep -q "SESSION-$i-READY" "$WORK/sessions/$i.out" && ready=$((ready + 1)); done
  [ "$ready" -eq "$SESSIONS" ] && break
  for pid in "${SSH_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 5 "$WORK"/sessions/*.out >&2; die "an ssh session ended early"; }
  done
  sleep 0.5
done
[ "$ready" -eq "$SESSIONS" ] || { tail -n 5 "$WORK"/sessions/*.out >&2; die "only $ready of $SESSIONS sessions came up"; }
t1=$(now)
echo "   all $SESSIONS sessions answered after $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s;" \
  "agent child processes: $(ps --no-headers --ppid "$AGENT_PID" | wc -l)"
sleep 5
snapshot loaded

for i in $(seq 1 "$SESSIONS"); do echo "exit" > "$WORK/sessions/$i.in"; done
for pid in "${SSH_PIDS[@]}"; do
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
done
sleep 5
snapshot after

echo
printf '%-42s %12s %12s %10s %10s\n' "" "agent MiB" "proxy MiB" "agent thr" "proxy thr"
for s in idle warm loaded after; do
  case $s in
    idle) label="idle (20 s after start, no session yet)" ;;
    warm) label="idle after one session" ;;
    loaded) label="$SESSIONS interactive sessions open" ;;
    after) label="5 s after they closed" ;;
  esac
  printf '%-42s %12s %12s %10s %10s\n' "$label" "$(mib "${AG[$s]}")" "$(mib "${PR[$s]}")" "${AT[$s]}" "${PT[$s]}"
done
echo
echo "agent per-session increment: $(awk -v a="${AG[loaded]}" -v b="${AG[idle]}" -v n="$SESSIONS" \
  'BEGIN {printf "%.2f", (a-b)/n/1024}') MiB vs idle, $(awk -v a="${AG[loaded]}" -v b="${AG[warm]}" -v n="$SESSIONS" \
  'BEGIN {printf "%.2f", (a-b)/n/1024}') MiB vs idle after one session"
echo "proxy per-session increment: $(awk -v a="${PR[loaded]}" -v b="${PR[warm]}" -v n="$SESSIONS" \
  'BEGIN {printf "%.2f", (a-b)/n/1024}') MiB vs idle after one session"
echo "RESULT agent RSS idle $(mib "${AG[idle]}") MiB | with $SESSIONS sessions $(mib "${AG[loaded]}") MiB |" \
  "per session $(awk -v a="${AG[loaded]}" -v b="${AG[idle]}" -v n="$SESSIONS" 'BEGIN {printf "%.2f", (a-b)/n/1024}') MiB"
