#!/usr/bin/env bash
# SSH bulk throughput benchmark. Streams BENCH_BYTES (default 1 GiB) through one SSH session,
# upload (`head -c N /dev/zero | ssh HOST 'cat >/dev/null'`) and download
# (`ssh HOST 'head -c N /dev/zero' >/dev/null`), three ways in the same run:
#   gatehouse  OpenSSH client -> proxy jump host -> reverse tunnel -> agent's SSH service, the default
#              way: both hops inside TLS on the proxy's web port (TLS routing, `gate config`)
#   ports      the same through the dedicated ports: jump host :3023 and tunnel :3024, no TLS layer
#              (a second agent on this machine dials the tunnel port)
#   jump       OpenSSH client -> private OpenSSH sshd (ssh -J) -> private OpenSSH sshd (baseline:
#              the same two hops a Gatehouse user sees)
#   direct     OpenSSH client -> private OpenSSH sshd (one hop)
# Same client defaults everywhere (no cipher/MAC/KEX options). Each figure is the median of
# BENCH_REPEATS (default 3) runs, interleaved across paths, wall clock on the client including
# the connection set-up (printed separately); one unmeasured warm-up per path first.
# Besides MB/s it prints the CPU time every process on the path used per GB (client, sshds or
# proxy and agent, and the remote shell's processes), which stays meaningful on a busy machine.
# Usage: [BENCH_BYTES=N] [BENCH_REPEATS=3] [BENCH_LOGIN=gatehouse-bench] bench/ssh-throughput.sh
#        (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BYTES=${BENCH_BYTES:-1073741824}
REPEATS=${BENCH_REPEATS:-3}
WARMUP=$(( BYTES < 67108864 ? BYTES : 67108864 ))
bench_init throughput

echo "== SSH throughput: $BYTES bytes ($(( BYTES / 1048576 )) MiB) per transfer, median of $REPEATS," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting private OpenSSH sshds and a Gatehouse quickstart cluster...)"
bench_openssh_config
bench_start_cluster
bench_start_ports_agent benchports
PROXY_PID=$(cat "$STATE/proxy.pid")
AGENT_PID=$(cat "$STATE/agent.pid")

PATHS=(direct jump gatehouse ports)
declare -A LABEL=([direct]="OpenSSH direct (1 hop)" [jump]="OpenSSH via ssh -J (2 hops)"
  [gatehouse]="Gatehouse, web port (TLS routing)" [ports]="Gatehouse, ports :3023/:3024")
ssh_to() {
  case "$1" in
    direct) echo "-F $OS_CFG direct" ;;
    jump) echo "-F $OS_CFG jumped" ;;
    gatehouse) echo "-F $GH_CFG $GH_HOST" ;;
    ports) echo "-F $GH_PORTS_CFG $GH_PORTS_HOST" ;;
  esac
}
# The server-side processes of each path: "NAME:PID ..." (their CPU includes reaped children).
servers() {
  case "$1" in
    direct) echo "sshd:$TARGET_SSHD_PID" ;;
    jump) echo "jump-sshd:$JUMP_SSHD_PID sshd:$TARGET_SSHD_PID" ;;
    gatehouse) echo "proxy:$PROXY_PID agent:$AGENT_PID" ;;
    ports) echo "proxy:$PROXY_PID agent:$PORTS_AGENT_PID" ;;
  esac
}
for p in "${PATHS[@]}"; do
  # shellcheck disable=SC2046
  echo "   ciphers ${LABEL[$p]} (jump hop, then end to end): $(negotiated_ciphers $(ssh_to "$p"))"
done

# Correctness first: every path must deliver exactly the bytes sent, both ways.
for p in "${PATHS[@]}"; do
  # shellcheck disable=SC2046
  up=$(head -c 1000003 /dev/urandom | tee "$WORK/check" | ssh -o BatchMode=yes $(ssh_to "$p") 'sha256sum' | cut -d' ' -f1)
  [ "$up" = "$(sha256sum < "$WORK/check" | cut -d' ' -f1)" ] || die "$p: upload corrupted"
  # shellcheck disable=SC2046
  down=$(ssh -o BatchMode=yes $(ssh_to "$p") 'head -c 1000003 /dev/zero' | wc -c)
  [ "$down" -eq 1000003 ] || die "$p: download delivered $down bytes"
done

secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
# transfer PATH up|down|true N: prints "SECONDS CLIENT_CPU_S SERVER1_CPU_S [SERVER2_CPU_S]" ("true"
# is just the connection: `ssh HOST true`). Call it as $(transfer ...): the client's CPU is then
# what that subshell reaped.
transfer() {
  local p=$1 dir=$2 n=$3 t0 t1 c0 c1 s me=$BASHPID before=() after=()
  for s in $(servers "$p"); do before+=("$(cpu_ticks_all "${s#*:}")"); done
  c0=$(cpu_ticks_all "$me")
  # shellcheck disable=SC2046
  set -- $(ssh_to "$p")
  t0=$(now)
  case $dir in
    up) head -c "$n" /dev/zero | ssh -o BatchMode=yes "$@" 'cat > /dev/null' ;;
    down) ssh -o BatchMode=yes "$@" "head -c $n /dev/zero" > /dev/null ;;
    true) ssh -o BatchMode=yes "$@" true ;;
  esac
  t1=$(now)
  c1=$(cpu_ticks_all "$me")
  sleep 0.5 # lets the servers reap the connection's processes, so their CPU is counted
  for s in $(servers "$p"); do after+=("$(cpu_ticks_all "${s#*:}")"); done
  local out i
  out="$(secs "$t0" "$t1") $(awk -v t=$((c1 - c0)) -v hz="$TICKS" 'BEGIN {printf "%.2f", t/hz}')"
  for i in "${!before[@]}"; do
    out+=" $(awk -v t=$((after[i] - before[i])) -v hz="$TICKS" 'BEGIN {printf "%.2f", t/hz}')"
  done
  echo "$out"
}

echo "   warm-up: $WARMUP bytes each way per path (not counted)"
for p in "${PATHS[@]}"; do
  : "$(transfer "$p" up "$WARMUP")" "$(transfer "$p" down "$WARMUP")"
done

for r in $(seq 1 "$REPEATS"); do
  for p in "${PATHS[@]}"; do
    echo "$p true $(transfer "$p" true 0)" >> "$WORK/runs"
    for d in up down; do
      res=$(transfer "$p" "$d" "$BYTES")
      echo "$p $d $res" >> "$WORK/runs"
      read -r s client rest <<<"$res"
      cpus="client $client"
      i=0
      read -r -a srv <<<"$rest"
      for x in $(servers "$p"); do cpus+=", ${x%%:*} ${srv[i]}"; i=$((i + 1)); done
      printf '   run %d %-9s %-4s %7.2f s %7.1f MB/s   CPU s: %s\n' "$r" "$p" "$d" "$s" \
        "$(awk -v n="$BYTES" -v s="$s" 'BEGIN {print n/s/1e6}')" "$cpus"
    done
  done
done

# col PATH DIR N: median of column N of the runs of PATH in direction DIR
col() { awk -v p="$1" -v d="$2" -v c="$3" '$1==p && $2==d {print $c}' "$WORK/runs" | median; }
# CPU per GB of streaming: a transfer's CPU minus that of a bare connection (`ssh HOST true`:
# key exchange, authentication, the login's shell start-up), per GB.
per_gb() { awk -v x="$1" -v n="$BYTES" 'BEGIN {x = x < 0 ? 0 : x; printf "%.1f", x/(n/1e9)}'; }
stream() { awk -v a="$(col "$1" "$2" "$3")" -v b="$(col "$1" true "$3")" 'BEGIN {print a - b}'; }
declare -A MBPS SETUP CPU
for p in "${PATHS[@]}"; do
  SETUP[$p]=$(col "$p" true 3)
  for d in up down true; do
    CPU[$p.$d]=$(awk -v p="$p" -v d="$d" '$1==p && $2==d {print $4+$5+($6==""?0:$6)}' "$WORK/runs" | median)
  done
  for d in up down; do
    MBPS[$p.$d]=$(awk -v n="$BYTES" -v s="$(col "$p" "$d" 3)" 'BEGIN {printf "%.1f", n/s/1e6}')
    CPU[$p.$d]=$(per_gb "$(awk -v a="${CPU[$p.$d]}" -v b="${CPU[$p.true]}" 'BEGIN {print a - b}')")
  done
done

echo
printf '%-30s %12s %14s %10s %12s   %s\n' "path" "upload MB/s" "download MB/s" "set-up s" "set-up CPU s" \
  "streaming CPU s per GB, all processes (up / down)"
for p in "${PATHS[@]}"; do
  printf '%-30s %12s %14s %10.2f %12.2f   %s / %s\n' "${LABEL[$p]}" "${MBPS[$p.up]}" "${MBPS[$p.down]}" \
    "${SETUP[$p]}" "${CPU[$p.true]}" "${CPU[$p.up]}" "${CPU[$p.down]}"
done
for d in up down; do
  echo "streaming CPU s per GB by process, ${d}load: gatehouse: client ssh $(per_gb "$(stream gatehouse $d 4)")," \
    "proxy $(per_gb "$(stream gatehouse $d 5)"), agent+session $(per_gb "$(stream gatehouse $d 6)") |" \
    "ports: client ssh $(per_gb "$(stream ports $d 4)"), proxy $(per_gb "$(stream ports $d 5)")," \
    "agent+session $(per_gb "$(stream ports $d 6)") |" \
    "jump: client ssh $(per_gb "$(stream jump $d 4)"), jump sshd $(per_gb "$(stream jump $d 5)")," \
    "sshd+session $(per_gb "$(stream jump $d 6)") | direct: client ssh $(per_gb "$(stream direct $d 4)")," \
    "sshd+session $(per_gb "$(stream direct $d 5)")"
done
echo "(MB = 10^6 bytes; set-up = median wall time and CPU of 'ssh HOST true' (handshakes, the login's shell"
echo " start-up), included in every transfer's time, subtracted from its CPU; client ssh includes the jump-hop"
echo " ssh and head -c; the machine's load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t) ? "met" : "NOT met"}'; }
for p in gatehouse ports; do
  for d in up down; do
    r=$(ratio "${MBPS[$p.$d]}" "${MBPS[jump.$d]}")
    echo "RATIO $p/jump ${d}load: $r | target >= 0.8: $(verdict "$r" 0.8)" \
      "| CPU per GB $p/jump: $(ratio "${CPU[$p.$d]}" "${CPU[jump.$d]}")"
  done
done
for d in up down; do
  echo "RATIO gatehouse/direct ${d}load: $(ratio "${MBPS[gatehouse.$d]}" "${MBPS[direct.$d]}")" \
    "| jump/direct ${d}load: $(ratio "${MBPS[jump.$d]}" "${MBPS[direct.$d]}")"
done
busy_warning
