#!/usr/bin/env bash
# A real xrdp (RDP server, Xorg + xorgxrdp desktop with xterm and twm) on 127.0.0.1 for the desktop
# end-to-end tests.
#
#   deploy/xrdp.sh start [STATE_DIR]   start it, or do nothing if it already answers
#   deploy/xrdp.sh stop [STATE_DIR]    stop xrdp, xrdp-sesman and every session they started
#   deploy/xrdp.sh status [STATE_DIR]  exit 0 if the RDP port accepts TCP
#
# Sourced, it defines xrdp_start and xrdp_stop (same optional STATE_DIR argument). STATE_DIR
# defaults to $XRDP_STATE, then <repo>/.test-state/xrdp; the port to $XRDP_PORT, then 3389. The
# login is $XRDP_USER (gatehouse-rdp), password $XRDP_PASSWORD or generated once; either way it is
# in STATE_DIR/password. Security is TLS only (xrdp 0.9 has no NLA) with the snakeoil certificate
# /etc/xrdp/cert.pem; its SHA-256 fingerprint is in STATE_DIR/cert-fingerprint (sha256:AB:CD:...),
# for an agent's `tls: {fingerprint: ...}`. Needs root (the TLS key is root-only and sesman must
# switch to the test user).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

xrdp_port() { echo "${XRDP_PORT:-3389}"; }
xrdp_user() { echo "${XRDP_USER:-gatehouse-rdp}"; }
xrdp_healthy() { (exec 3<>"/dev/tcp/127.0.0.1/$(xrdp_port)") 2>/dev/null; }
# start polls with ss rather than connecting: xrdp logs each bare TCP probe as 7 ERROR lines.
_xrdp_listening() { ss -Hltn "sport = :${1:-$(xrdp_port)}" | grep -q .; }

_xrdp_state() { local s=${1:-${XRDP_STATE:-$(repo_root)/.test-state/xrdp}}; mkdir -p "$s" && cd "$s" && pwd; }

# The PID in STATE/NAME.pid if that process is still our daemon (its -c names our ini), else fail.
_xrdp_pid() {
  local pid
  pid=$(cat "$1/$2.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "-c $1/" && echo "$pid"
}

# A PID and all its descendants (sesman's sessions: Xorg, chansrv, the session script, xterm, twm).
_xrdp_tree() { local p; echo "$1"; for p in $(ps -o pid= --ppid "$1"); do _xrdp_tree "$p"; done; }

_xrdp_alive() { local p; for p; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }

# Sets key=value pairs in one [section] of an ini file: replaces the first line for the key or
# appends it at the end of the section. Keeps everything else of the stock file.
_xrdp_ini() {
  local file=$1 section=$2; shift 2
  awk -v sec="[$section]" -v kvs="$(printf '%s\n' "$@")" '
    BEGIN { n = split(kvs, a, "\n"); for (i = 1; i <= n; i++) { k = substr(a[i], 1, index(a[i], "=") - 1); val[k] = a[i]; order[i] = k } }
    function flush() { for (i = 1; i <= n; i++) if (!(order[i] in done)) print val[order[i]] }
    /^\[/ { if (ins) flush(); ins = ($0 == sec) }
    ins { k = substr($0, 1, index($0, "=") - 1); if (k in val) { if (!(k in done)) print val[k]; done[k] = 1; next } }
    { print }
    END { if (ins) flush() }' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

# Private configs. xrdp 0.9 always reads sesman's port from /etc/xrdp/sesman.ini (not from -c) and
# has /run/xrdp/sockdir compiled in, so both daemons run in a private mount namespace that sees
# STATE/sesman.ini and STATE/run there: a private sesman port and private sockets. autorun=Xorg
# because a client-sent domain would otherwise pick the xrdp.ini section. crypt_level stays (it
# only governs standard RDP security, which security_layer=tls refuses).
_xrdp_config() {
  local state=$1 sport=$2
  cp /etc/xrdp/xrdp.ini /etc/xrdp/sesman.ini "$state/"
  _xrdp_ini "$state/xrdp.ini" Globals "port=tcp://127.0.0.1:$(xrdp_port)" security_layer=tls \
    certificate=/etc/xrdp/cert.pem key_file=/etc/xrdp/key.pem autorun=Xorg
  _xrdp_ini "$state/xrdp.ini" Logging "LogFile=$state/xrdp.log" EnableSyslog=false EnableConsole=false
  _xrdp_ini "$state/sesman.ini" Globals ListenAddress=127.0.0.1 "ListenPort=$sport" \
    EnableUserWindowManager=true UserWindowManager=.xsession DefaultWindowManager=startwm.sh
  _xrdp_ini "$state/sesman.ini" Security AllowRootLogin=false
  _xrdp_ini "$state/sesman.ini" Logging "LogFile=$state/xrdp-sesman.log" EnableSyslog=false EnableConsole=false
  _xrdp_ini "$state/sesman.ini" Chansrv EnableFuseMount=false   # no /dev/fuse in containers
  _xrdp_ini "$state/sesman.ini" ChansrvLogging EnableSyslog=false
  # What /usr/share/xrdp/socksetup does for /run/xrdp: Xorg (as the user) creates sockets there.
  mkdir -p "$state/run/sockdir"
  chown root:xrdp "$state/run" "$state/run/sockdir"
  chmod 2775 "$state/run"; chmod 3777 "$state/run/sockdir"
}

# The test user, its password (chpasswd on every start, so it always matches STATE/password) and
# its session: sesman runs ~/.xsession (UserWindowManager) as the user with DISPLAY set. Kept in
# the home, not STATE, because the user may not be able to reach STATE (e.g. a 0700 temp dir).
_xrdp_user() {
  local state=$1 user home
  user=$(xrdp_user)
  ensure_local_login "$user"
  [ -n "${XRDP_PASSWORD:-}" ] && (umask 077; printf '%s\n' "$XRDP_PASSWORD" > "$state/password")
  [ -s "$state/password" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$state/password")
  echo "$user:$(cat "$state/password")" | chpasswd || die "chpasswd failed for $user"
  home=$(getent passwd "$user" | cut -d: -f6)
  cat > "$home/.xsession" <<'EOF'
#!/bin/sh
# Gatehouse xrdp test desktop (written by deploy/xrdp.sh): a plain background, two xterms, twm
# (focus follows the pointer). Each xterm's shell knows which window it is ($GH_WINDOW), so a test
# can tell where its clicks and keys landed.
xsetroot -solid '#2e5a88' 2>/dev/null
xterm -title gatehouse-rdp -geometry 100x30+20+20 -e env GH_WINDOW=left /bin/bash &
xterm -title gatehouse-right -geometry 40x10+680+500 -bg '#203020' -e env GH_WINDOW=right /bin/bash &
exec twm
EOF
  chmod 755 "$home/.xsession"
}

# What agents pin: the fingerprint of the certificate xrdp presents, as ServerTrust parses it.
_xrdp_fingerprint() {
  local fp
  fp=$(openssl x509 -in /etc/xrdp/cert.pem -noout -fingerprint -sha256) \
    || die "cannot read xrdp's certificate /etc/xrdp/cert.pem with openssl"
  (umask 022; echo "sha256:${fp#*=}" > "$1/cert-fingerprint")
}

xrdp_start() {
  local state pid sport run=() t0=$(date +%s%N) waited=0 d
  [ "$(id -u)" -eq 0 ] || die "deploy/xrdp.sh must run as root (the TLS key /etc/xrdp/key.pem is root-only)"
  state=$(_xrdp_state "${1:-}") || die "cannot create the xrdp state directory"
  if pid=$(_xrdp_pid "$state" xrdp) && _xrdp_pid "$state" sesman >/dev/null && _xrdp_listening; then
    _xrdp_fingerprint "$state"
    say "xrdp already running at 127.0.0.1:$(xrdp_port) (pid $pid)"; return 0
  fi
  xrdp_stop "$state" >/dev/null   # half-started leftovers
  _xrdp_listening && die "port $(xrdp_port) is in use by something not started from $state; stop it or set XRDP_PORT"
  command -v xrdp >/dev/null && [ -f /usr/lib/xorg/modules/drivers/xrdpdev_drv.so ] \
    && command -v xterm twm xsetroot xclip >/dev/null || {
    say "installing xrdp xorgxrdp xterm twm x11-xserver-utils xclip (apt-get)..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      xrdp xorgxrdp xterm twm x11-xserver-utils xclip >/dev/null || die "apt-get install of xrdp failed"; }
  [ -d /run/xrdp/sockdir ] || sh /usr/share/xrdp/socksetup || die "/usr/share/xrdp/socksetup failed"
  if unshare -m true 2>/dev/null; then
    sport=${XRDP_SESMAN_PORT:-$(( $(xrdp_port) + 10000 ))}
    run=(unshare -m --propagation private sh -c \
      'mount --bind "$0/sesman.ini" /etc/xrdp/sesman.ini && mount --bind "$0/run" /run/xrdp && exec "$@"' "$state")
  else   # no CAP_SYS_ADMIN: share the system's sesman port and /run/xrdp (one instance per machine)
    sport=$(awk -F= '$1 == "ListenPort" { print $2; exit }' /etc/xrdp/sesman.ini)
    say "cannot unshare a mount namespace; sesman uses the system port ${sport:=3350}"
  fi
  _xrdp_config "$state" "$sport"
  _xrdp_fingerprint "$state"
  _xrdp_user "$state"
  for d in sesman xrdp; do
    [ "$d" = sesman ] && set -- xrdp-sesman -n -c "$state/sesman.ini" || set -- xrdp -n -c "$state/xrdp.ini"
    "${run[@]}" "$@" </dev/null >"$state/$d.out" 2>&1 &
    echo $! > "$state/$d.pid"
  done
  say "starting xrdp at 127.0.0.1:$(xrdp_port), sesman at 127.0.0.1:$sport (logs: $state/xrdp*.log)..."
  until _xrdp_listening && _xrdp_listening "$sport"; do
    for d in sesman xrdp; do
      _xrdp_pid "$state" $d >/dev/null || { tail -n 20 "$state/$d.out" "$state"/xrdp*.log >&2; xrdp_stop "$state" >/dev/null
        die "$d exited while starting; see $state/$d.out and $state/xrdp*.log"; }
    done
    [ $waited -ge 300 ] && { tail -n 20 "$state"/xrdp*.log >&2; xrdp_stop "$state" >/dev/null
      die "xrdp did not accept TCP on 127.0.0.1:$(xrdp_port) within 30 s; see $state/xrdp.log"; }
    sleep 0.1; waited=$((waited + 1))
  done
  say "xrdp is up at 127.0.0.1:$(xrdp_port) after $(( ($(date +%s%N) - t0) / 1000000 )) ms (user $(xrdp_user), password in $state/password)"
}

xrdp_stop() {
  local state pids=() d pid i
  state=$(_xrdp_state "${1:-}") || return 0
  for d in xrdp sesman; do
    pid=$(_xrdp_pid "$state" $d) && pids+=($(_xrdp_tree "$pid"))
    rm -f "$state/$d.pid"
  done
  [ ${#pids[@]} -eq 0 ] && { say "xrdp is not running"; return 0; }
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for i in $(seq 1 50); do _xrdp_alive "${pids[@]}" || break; sleep 0.1; done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  say "xrdp stopped (${#pids[@]} processes)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) xrdp_start "${2:-}" ;;
    stop) xrdp_stop "${2:-}" ;;
    status)
      xrdp_healthy || { say "xrdp does not answer at 127.0.0.1:$(xrdp_port)"; exit 1; }
      say "xrdp answers at 127.0.0.1:$(xrdp_port)" ;;
    *) die "usage: $0 start|stop|status [STATE_DIR]" ;;
  esac
fi
