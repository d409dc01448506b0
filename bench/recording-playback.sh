#!/usr/bin/env bash
# Recording playback benchmark: auth's heap while a BENCH_RECORDING_MIB (default 1024) MiB session
# recording is uploaded by the real agent and played back with `gate play --save` through the proxy.
#   - a real SSH session through Gatehouse gives a session.start from the agent's host (so auth
#     accepts the agent's upload); a generated asciicast of the size above is put in the agent's
#     recordings directory as that session's recording, and the agent's uploader sends it
#   - auth's used heap (jstat: survivor + eden + old, after the run's own GCs) and RSS are sampled
#     every 0.5 s: before, during the upload, during playback, and after; auth runs at the
#     quickstart's -Xmx512m, i.e. with a heap half the recording's size
#   - baseline in the same run: `cat` of the file (page cache) and `sha256sum` of it
# The played file is checked byte for byte (SHA-256) against the original.
# Usage: [BENCH_RECORDING_MIB=1024] bench/recording-playback.sh      (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MIB=${BENCH_RECORDING_MIB:-1024}
bench_init recording

echo "== Recording playback: a $MIB MiB recording uploaded by the agent and played through the proxy," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting a Gatehouse quickstart cluster...)"
bench_start_cluster
AUTH_PID=$(cat "$STATE/auth.pid")
echo "   auth JVM: $(tr '\0' ' ' < "/proc/$AUTH_PID/cmdline" | grep -o -- '-Xmx[^ ]*') (deploy/quickstart.sh)"

heap_kib() { "$JAVA_HOME/bin/jstat" -gc "$AUTH_PID" | awk 'NR == 2 {printf "%d", $3 + $4 + $6 + $8}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k/1024}'; }
# sample PHASE: appends "heap rss" lines to $WORK/PHASE.samples every 0.5 s until killed.
sample() {
  while :; do echo "$(heap_kib) $(rss_kib "$AUTH_PID")" >> "$WORK/$1.samples"; sleep 0.5; done
}
report() {
  local phase=$1 f=$WORK/$1.samples
  [ -s "$f" ] || { printf '   %-9s (no samples)\n' "$phase"; return; }
  printf '   %-9s heap used min %5s, median %5s, max %5s MiB; RSS max %5s MiB  (%d samples)\n' "$phase" \
    "$(mib "$(cut -d' ' -f1 "$f" | sort -g | head -1)")" "$(mib "$(cut -d' ' -f1 "$f" | median)")" \
    "$(mib "$(cut -d' ' -f1 "$f" | sort -g | tail -1)")" \
    "$(mib "$(cut -d' ' -f2 "$f" | sort -g | tail -1)")" "$(wc -l < "$f")"
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }

# A real session on the node: its session.start (from the agent's host id) is what lets the
# agent upload a recording for it. An SFTP session: audited, never recorded, so the agent's own
# recording of it cannot race the generated one (a command's output is recorded since exec
# sessions are).
echo pwd | sftp -F "$GH_CFG" -o BatchMode=yes -b - "$GH_HOST" > /dev/null
SESSION=""
for _ in $(seq 1 40); do
  SESSION=$(_pg -d "$_BENCH_DB" -Atc "SELECT (fields::jsonb) ->> 'session_id' FROM audit_events WHERE \
    type = 'session.start' ORDER BY id DESC LIMIT 1")
  [ -n "$SESSION" ] && break
  sleep 0.5
done
[ -n "$SESSION" ] || die "no session.start reached auth within 20 s"

CAST=$WORK/source.cast
{
  printf '{"version": 2, "width": 80, "height": 24, "title": "bench"}\n'
  yes '[0.001, "o", "recording-playback bench: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ\r\n"]'
} | head -c "$((MIB * 1024 * 1024))" > "$CAST" || true
SIZE=$(stat -c %s "$CAST")
t0=$(now); cat "$CAST" > /dev/null; t1=$(now)
SHA=$(sha256sum "$CAST" | cut -d' ' -f1); t2=$(now)
echo "   recording: $(mib $((SIZE / 1024))) MiB ($SIZE bytes), session $SESSION"
echo "   baseline:  cat $(secs "$t0" "$t1") s, sha256sum $(secs "$t1" "$t2") s"

sample before & SAMPLER=$!; sleep 3; kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true

# Hand the file to the agent's uploader as a finished recording (the .meta.json is its signal).
REC=$STATE/agent/recordings
mkdir -p "$REC"
mv "$CAST" "$REC/$SESSION.cast"
printf '{"user":"bench","login":"%s","started":"%s"}' "$LOGIN" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  > "$REC/$SESSION.meta.json.tmp"
mv "$REC/$SESSION.meta.json.tmp" "$REC/$SESSION.meta.json"
sample upload & SAMPLER=$!; _BENCH_PIDS+=("$SAMPLER")
t3=$(now)
for _ in $(seq 1 3600); do
  [ "$(_pg -d "$_BENCH_DB" -Atc "SELECT complete FROM session_recordings WHERE session_id = '$SESSION'")" = t ] \
    && break
  sleep 1
done
t4=$(now)
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
[ "$(_pg -d "$_BENCH_DB" -Atc "SELECT complete FROM session_recordings WHERE session_id = '$SESSION'")" = t ] \
  || die "the recording was not complete in auth within an hour (agent log: $STATE/agent.log)"
echo "   upload (agent -> auth, chunks of 256 KiB): $(secs "$t3" "$t4") s"

sample play & SAMPLER=$!; _BENCH_PIDS+=("$SAMPLER")
t5=$(now)
GATE_HOME=$WORK/gate bin/gate play -i "$WORK/bench" --proxy="127.0.0.1:$WEB_PORT" --save="$WORK/played.cast" \
  "$SESSION" > /dev/null
t6=$(now)
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
PLAYED_SHA=$(sha256sum "$WORK/played.cast" | cut -d' ' -f1)
sleep 2
sample after & SAMPLER=$!; sleep 3; kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true

echo "   playback (gate play --save, auth -> proxy -> gate): $(secs "$t5" "$t6") s," \
  "$(awk -v b="$SIZE" -v s="$(secs "$t5" "$t6")" 'BEGIN {printf "%.0f", b / 1048576 / s}') MiB/s;" \
  "vs cat: x$(awk -v a="$(secs "$t0" "$t1")" -v b="$(secs "$t5" "$t6")" 'BEGIN {printf "%.0f", b / (a > 0 ? a : 0.1)}')," \
  "$([ "$PLAYED_SHA" = "$SHA" ] && echo "same SHA-256 as the original" || echo "SHA-256 DIFFERS from the original")"
echo "   auth (heap used = jstat S0U+S1U+EU+OU, includes garbage not yet collected):"
report before
report upload
report play
report after
echo "   peak heap during playback / recording size:" \
  "$(awk -v h="$(cut -d' ' -f1 "$WORK/play.samples" | sort -g | tail -1)" -v s="$SIZE" \
  'BEGIN {printf "%.3f", h * 1024 / s}')"
