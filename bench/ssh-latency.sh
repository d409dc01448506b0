#!/usr/bin/env bash
# SSH command latency benchmark: wall time of `ssh NODE true` with a new connection every time
# (key exchange, both hops' authentication, session, remote shell, exit), BENCH_RUNS (default 20)
# runs per path, interleaved, in the same run:
#   gatehouse  OpenSSH client -> proxy jump host -> reverse tunnel -> agent's SSH service
#   jump       OpenSSH client -> private OpenSSH sshd (ssh -J) -> private OpenSSH sshd (baseline)
#   direct     OpenSSH client -> private OpenSSH sshd (one hop, for context)
# Prints median and p90 per path and the ratio gatehouse/jump (target <= 1.5). The remote side
# runs `true` through the login's shell, so the login's shell start-up is part of every figure;
# it is measured locally and printed alongside.
# Usage: [BENCH_RUNS=20] [BENCH_LOGIN=gatehouse-bench] bench/ssh-latency.sh      (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${BENCH_RUNS:-20}
bench_init latency

echo "== SSH latency: 'ssh $LOGIN@NODE true', new connection each time, $RUNS runs per path, $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting private OpenSSH sshds and a Gatehouse quickstart cluster...)"
bench_openssh_config
bench_start_cluster

PATHS=(gatehouse jump direct)
declare -A LABEL=([direct]="OpenSSH direct (1 hop)" [jump]="OpenSSH via ssh -J (2 hops)"
  [gatehouse]="Gatehouse proxy+tunnel+agent")
ssh_to() {
  case "$1" in
    direct) echo "-F $OS_CFG direct" ;;
    jump) echo "-F $OS_CFG jumped" ;;
    gatehouse) echo "-F $GH_CFG $GH_HOST" ;;
  esac
}
once() {
  local t0 t1
  t0=$(now)
  # shellcheck disable=SC2046
  ssh -o BatchMode=yes $(ssh_to "$1") true
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

# Two unmeasured connections per path (JIT, page cache), then the interleaved runs.
for p in "${PATHS[@]}"; do once "$p" > /dev/null; once "$p" > /dev/null; done
for i in $(seq 1 "$RUNS"); do
  for p in "${PATHS[@]}"; do
    echo "$p $(once "$p")" >> "$WORK/times"
  done
done

# What the remote side spends starting the login's shell, measured locally (median of 5): the
# agent runs `runuser -u LOGIN -- $SHELL -c CMD` with sshd's variables (not a login shell); sshd runs
# `$SHELL -c CMD` with SSH_CLIENT set too (Debian's bash then reads ~/.bashrc).
home=$(getent passwd "$LOGIN" | cut -d: -f6)
shell=$(getent passwd "$LOGIN" | cut -d: -f7)
time_cmd() {
  local i t0 t1
  for i in 1 2 3 4 5; do
    t0=$(now); "$@" > /dev/null 2>&1 || true; t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
  done | median
}
RUNUSER_S=$(time_cmd runuser -u "$LOGIN" -- env -i HOME="$home" USER="$LOGIN" LOGNAME="$LOGIN" SHELL="$shell" \
  PATH=/usr/local/bin:/usr/bin:/bin "$shell" -c true)
SSHD_SHELL_S=$(time_cmd runuser -u "$LOGIN" -- env -i HOME="$home" USER="$LOGIN" LOGNAME="$LOGIN" SHELL="$shell" \
  PATH=/usr/local/bin:/usr/bin:/bin SSH_CLIENT="127.0.0.1 40000 22" "$shell" -c true)

echo
printf '%-32s %10s %10s %10s %10s\n' "path" "median s" "p90 s" "min s" "max s"
declare -A MED P90
for p in "${PATHS[@]}"; do
  col() { awk -v p="$p" '$1==p {print $2}' "$WORK/times"; }
  MED[$p]=$(col | median)
  P90[$p]=$(col | percentile 90)
  printf '%-32s %10.3f %10.3f %10.3f %10.3f\n' "${LABEL[$p]}" "${MED[$p]}" "${P90[$p]}" \
    "$(col | sort -g | head -1)" "$(col | sort -g | tail -1)"
done
printf 'remote shell start-up on this host (included above): Gatehouse agent %.3f s (runuser -u %s -- $SHELL -c true),\n' \
  "$RUNUSER_S" "$LOGIN"
printf '  sshd %.3f s (%s -c true, as sshd runs it); load average now %s\n' "$SSHD_SHELL_S" "$shell" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
r=$(ratio "${MED[gatehouse]}" "${MED[jump]}")
echo "RATIO gatehouse/jump median: $r | target <= 1.5: $(awk -v r="$r" 'BEGIN {print (r <= 1.5) ? "met" : "NOT met"}')"
echo "(rough) gatehouse/jump median with each side's locally measured shell start-up subtracted:" \
  "$(ratio "$(awk -v a="${MED[gatehouse]}" -v b="$RUNUSER_S" 'BEGIN {print a - b}')" \
    "$(awk -v a="${MED[jump]}" -v b="$SSHD_SHELL_S" 'BEGIN {print a - b}')")"
echo "RATIO gatehouse/jump p90: $(ratio "${P90[gatehouse]}" "${P90[jump]}") | gatehouse/direct median:" \
  "$(ratio "${MED[gatehouse]}" "${MED[direct]}") | jump/direct median: $(ratio "${MED[jump]}" "${MED[direct]}")"
busy_warning
