#!/usr/bin/env bash
# SSH bulk throughput benchmark. Streams BENCH_BYTES (default 1 GiB) through one SSH session,
# upload (`head -c N /dev/zero | ssh HOST 'cat >/dev/null'`) and download
# (`ssh HOST 'head -c N /dev/zero' >/dev/null`), three ways in the same run:
#   gatehouse  OpenSSH client -> proxy jump host -> reverse tunnel -> agent's SSH service
#   jump       OpenSSH client -> private OpenSSH sshd (ssh -J) -> private OpenSSH sshd (baseline:
#              the same two hops a Gatehouse user sees)
#   direct     OpenSSH client -> private OpenSSH sshd (one hop)
# Same client defaults everywhere (no cipher/MAC/KEX options). Each figure is the median of
# BENCH_REPEATS (default 3) runs, interleaved across paths, wall clock on the client including
# the connection set-up (printed separately); one unmeasured warm-up per path first.
# Usage: [BENCH_BYTES=N] [BENCH_REPEATS=3] bench/ssh-throughput.sh      (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BYTES=${BENCH_BYTES:-1073741824}
REPEATS=${BENCH_REPEATS:-3}
WARMUP=$(( BYTES < 134217728 ? BYTES : 134217728 ))
bench_init throughput

echo "== SSH throughput: $BYTES bytes ($(( BYTES / 1048576 )) MiB) per transfer, median of $REPEATS, $(nproc) cores"
echo "   (starting private OpenSSH sshds and a Gatehouse quickstart cluster...)"
bench_openssh_config
bench_start_cluster
PROXY_PID=$(cat "$STATE/proxy.pid")
AGENT_PID=$(cat "$STATE/agent.pid")

PATHS=(direct jump gatehouse)
declare -A LABEL=([direct]="OpenSSH direct (1 hop)" [jump]="OpenSSH via ssh -J (2 hops)"
  [gatehouse]="Gatehouse proxy+tunnel+agent")
ssh_to() {
  case "$1" in
    direct) echo "-F $OS_CFG direct" ;;
    jump) echo "-F $OS_CFG jumped" ;;
    gatehouse) echo "-F $GH_CFG $GH_HOST" ;;
  esac
}
for p in "${PATHS[@]}"; do
  # shellcheck disable=SC2046
  echo "   ciphers ${LABEL[$p]}: $(negotiated_ciphers $(ssh_to "$p"))"
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

# busy and total jiffies of the whole machine
machine_cpu() { awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }

# transfer PATH up|down N: prints the seconds it took; records CPU use in $WORK/cpu.
transfer() {
  local p=$1 dir=$2 n=$3 t0 t1 m0 m1 mt0 mt1 pr0 pr1 ag0 ag1
  # shellcheck disable=SC2046
  set -- $(ssh_to "$p")
  read -r m0 mt0 < <(machine_cpu)
  pr0=$(cpu_ticks "$PROXY_PID"); ag0=$(cpu_ticks "$AGENT_PID")
  t0=$(now)
  if [ "$dir" = up ]; then
    head -c "$n" /dev/zero | ssh -o BatchMode=yes "$@" 'cat > /dev/null'
  else
    ssh -o BatchMode=yes "$@" "head -c $n /dev/zero" > /dev/null
  fi
  t1=$(now)
  read -r m1 mt1 < <(machine_cpu)
  pr1=$(cpu_ticks "$PROXY_PID"); ag1=$(cpu_ticks "$AGENT_PID")
  # machine busy % of all cores, proxy and agent % of one core
  echo "$p $dir $(awk -v b=$((m1 - m0)) -v t=$((mt1 - mt0)) -v pr=$((pr1 - pr0)) -v ag=$((ag1 - ag0)) \
    -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" -v hz="$TICKS" \
    'BEGIN {printf "%.0f %.0f %.0f", 100*b/t, 100*pr/hz/s, 100*ag/hz/s}')" >> "$WORK/cpu"
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

setup_time() {
  local p=$1 i t0 t1
  # shellcheck disable=SC2046
  for i in 1 2 3; do
    t0=$(now); ssh -o BatchMode=yes $(ssh_to "$p") true; t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
  done | median
}

echo "   warm-up: $WARMUP bytes each way per path (not counted)"
for p in "${PATHS[@]}"; do
  transfer "$p" up "$WARMUP" > /dev/null
  transfer "$p" down "$WARMUP" > /dev/null
done
: > "$WORK/cpu"

for r in $(seq 1 "$REPEATS"); do
  for p in "${PATHS[@]}"; do
    for d in up down; do
      s=$(transfer "$p" "$d" "$BYTES")
      echo "$p $d $s" >> "$WORK/times"
      printf '   run %d %-9s %-4s %7.2f s  %7.1f MB/s\n' "$r" "$p" "$d" "$s" \
        "$(awk -v n="$BYTES" -v s="$s" 'BEGIN {print n/s/1e6}')"
    done
  done
done

declare -A MBPS SETUP
for p in "${PATHS[@]}"; do
  SETUP[$p]=$(setup_time "$p")
  for d in up down; do
    s=$(awk -v p="$p" -v d="$d" '$1==p && $2==d {print $3}' "$WORK/times" | median)
    MBPS[$p.$d]=$(awk -v n="$BYTES" -v s="$s" 'BEGIN {printf "%.1f", n/s/1e6}')
  done
done
cpu_median() { awk -v p="$1" -v d="$2" -v c="$3" '$1==p && $2==d {print $c}' "$WORK/cpu" | median; }

echo
printf '%-32s %14s %14s %12s   %s\n' "path" "upload MB/s" "download MB/s" "set-up s" "CPU busy (machine, % of $(nproc) cores)"
for p in "${PATHS[@]}"; do
  printf '%-32s %14s %14s %12s   up %s%% / down %s%%\n' "${LABEL[$p]}" "${MBPS[$p.up]}" "${MBPS[$p.down]}" \
    "${SETUP[$p]}" "$(cpu_median "$p" up 3)" "$(cpu_median "$p" down 3)"
done
echo "Gatehouse JVM CPU during its transfers (% of one core): proxy up $(cpu_median gatehouse up 4)% down" \
  "$(cpu_median gatehouse down 4)%, agent up $(cpu_median gatehouse up 5)% down $(cpu_median gatehouse down 5)%"
echo "(MB = 10^6 bytes; set-up = median time of 'ssh HOST true', included in every transfer's time)"
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t) ? "met" : "NOT met"}'; }
for d in up down; do
  r=$(ratio "${MBPS[gatehouse.$d]}" "${MBPS[jump.$d]}")
  echo "RATIO gatehouse/jump ${d}load: $r | target >= 0.8: $(verdict "$r" 0.8)"
done
for d in up down; do
  echo "RATIO gatehouse/direct ${d}load: $(ratio "${MBPS[gatehouse.$d]}" "${MBPS[direct.$d]}")" \
    "| jump/direct ${d}load: $(ratio "${MBPS[jump.$d]}" "${MBPS[direct.$d]}")"
done
