#!/usr/bin/env bash
# Proves that the xrdp of deploy/xrdp.sh takes a real RDP login end to end, with no GUI: FreeRDP's
# xfreerdp (the reference client) runs under Xvfb and
#   1. with a wrong password: xrdp logs "login failed", sesman logs the PAM failure, no session;
#   2. with the right one: both log a successful login, and the user's Xorg (xorgxrdp) serves the
#      client's 1024x768 screen with xterm and twm running;
#   3. with standard RDP security (/sec:rdp): refused, xrdp is TLS only.
#
#   deploy/xrdp/smoke.sh [STATE_DIR]    (as root, after deploy/xrdp.sh start [STATE_DIR])
#
# The client packages (freerdp2-x11, xvfb, xauth) are installed here, for this test only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../xrdp.sh"

state=$(_xrdp_state "${1:-}")
_xrdp_pid "$state" xrdp >/dev/null && xrdp_healthy \
  || die "xrdp from $state does not answer at 127.0.0.1:$(xrdp_port); run deploy/xrdp.sh start first"
need_packages xfreerdp freerdp2-x11 xvfb-run xvfb xauth xauth
user=$(xrdp_user)
home=$(getent passwd "$user" | cut -d: -f6)
client=   # process group of the running client (xvfb-run, Xvfb, xfreerdp)

# Lines a log got since mark_logs.
mark_logs() { xrdp_mark=$(wc -l < "$state/xrdp.log"); sesman_mark=$(wc -l < "$state/xrdp-sesman.log"); }
new_xrdp() { tail -n +$((xrdp_mark + 1)) "$state/xrdp.log"; }
new_sesman() { tail -n +$((sesman_mark + 1)) "$state/xrdp-sesman.log"; }
xrdp_says() { grep -qE "$1" < <(new_xrdp); }   # not a pipe: grep -q may SIGPIPE tail (pipefail)
sesman_says() { grep -qE "$1" < <(new_sesman); }

# Polls a command for up to $1 seconds.
wait_for() { local t=$(( $1 * 5 )); shift; until "$@" >/dev/null 2>&1; do t=$((t - 1)); [ $t -gt 0 ] || return 1; sleep 0.2; done; }

# xfreerdp runs until killed (a failed login leaves it at xrdp's login screen), in its own
# process group so that one kill ends it, its Xvfb and xvfb-run.
start_client() {
  setsid xvfb-run -a -s "-screen 0 1024x768x24" xfreerdp /v:127.0.0.1:"$(xrdp_port)" /u:"$user" \
    /cert:ignore /size:1024x768 "$@" </dev/null >"$state/smoke-client.log" 2>&1 &
  client=$!
}
stop_client() { [ -n "$client" ] && kill -TERM -- "-$client" 2>/dev/null; client=; sleep 0.3; }
fail() { stop_client; echo "--- xrdp.log"; new_xrdp | tail -n 15; echo "--- xrdp-sesman.log"; new_sesman | tail -n 15
  echo "--- client"; grep -v '^$' "$state/smoke-client.log" | grep -v 'utils\] - ' | tail -n 8; die "smoke: $*"; }
trap stop_client EXIT

# 1. Wrong password.
mark_logs
start_client /sec:tls /p:"not-the-password"
wait_for 20 xrdp_says "login failed for user $user" || fail "xrdp never reported the failed login"
wait_for 5 sesman_says "AUTHFAIL: user=$user" || fail "sesman did not log the failed authentication"
sesman_says "session \\(access granted\\)" && fail "sesman granted a session to a wrong password"
stop_client
say "smoke 1/3 ok: wrong password refused ($(grep -m1 -o 'pam_authenticate failed: .*' < <(new_sesman)))"

# 2. Right password: a login and a desktop. A session left from an earlier login is reconnected
# (sesman keeps sessions after a disconnect), which is as good a proof as a new one.
mark_logs
t0=$(date +%s%N)
start_client /sec:tls /p:"$(cat "$state/password")"
wait_for 20 xrdp_says "login successful for user $user on display" || fail "xrdp never reported a successful login"
display=$(grep -m1 -o "login successful for user $user on display [0-9]*" < <(new_xrdp) | awk '{print $NF}')
wait_for 5 sesman_says "(created|reconnected) session.*username $user" || fail "sesman did not log the session"
for p in "Xorg :$display " xterm twm; do
  wait_for 15 pgrep -u "$user" -f "$p" || fail "no '$p' process of $user"
done
t1=$(date +%s%N)
screen=$(runuser -u "$user" -- env DISPLAY=":$display" XAUTHORITY="$home/.Xauthority" xrandr --current | awk 'NR == 1')
echo "$screen" | grep -q "current 1024 x 768" || fail "Xorg :$display does not serve a 1024x768 screen: $screen"
new_sesman | grep -E "(created|reconnected) session|Session started|Starting window manager" | sed 's/^/  sesman: /'
ps -o pid=,user=,args= -u "$user" | sed 's/^/  ps: /'
stop_client
say "smoke 2/3 ok: $user logged in on display :$display in $(( (t1 - t0) / 1000000 )) ms (${screen#*, })"

# 3. Standard RDP security is refused.
mark_logs
start_client /sec:rdp /p:"$(cat "$state/password")"
wait_for 20 xrdp_says "Server requires TLS" || fail "xrdp did not refuse standard RDP security"
stop_client
say "smoke 3/3 ok: standard RDP security refused (xrdp: $(grep -m1 -o 'Server requires TLS.*' < <(new_xrdp)))"
