#!/usr/bin/env bash
# A real Keycloak (OIDC provider) on 127.0.0.1 for the SSO end-to-end tests.
#
#   deploy/keycloak.sh start [STATE_DIR]   start it, or do nothing if it already answers
#   deploy/keycloak.sh stop [STATE_DIR]    SIGTERM, then SIGKILL after 30 s
#   deploy/keycloak.sh status              exit 0 if it answers
#   deploy/keycloak.sh url                 print the base URL (issuer = URL/realms/<realm>)
#
# Sourced, it defines keycloak_start and keycloak_stop (same optional STATE_DIR argument).
# STATE_DIR defaults to $KEYCLOAK_STATE, then <repo>/.test-state/keycloak; the port to
# $KEYCLOAK_PORT, then 18080; KEYCLOAK_START_TIMEOUT (seconds, 360) bounds the wait. Every start
# imports deploy/keycloak/*-realm.json into an empty database, so tests always begin from the
# same users and clients. The admin user is "admin", its password is in STATE_DIR/admin-password.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KEYCLOAK_VERSION=26.7.3

keycloak_url() { echo "http://127.0.0.1:${KEYCLOAK_PORT:-18080}"; }

keycloak_healthy() {
  curl -fsS -o /dev/null --max-time 5 "$(keycloak_url)/realms/gatehouse/.well-known/openid-configuration" 2>/dev/null
}

_kc_state() { local s=${1:-${KEYCLOAK_STATE:-$(repo_root)/.test-state/keycloak}}; mkdir -p "$s" && cd "$s" && pwd; }

# The PID in the pid file, if that process is still our Keycloak (a stale file after a crash or
# reboot may name an unrelated process).
_kc_pid() {
  local state=$1 pid
  pid=$(cat "$state/keycloak.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF "$state/home/" && echo "$pid"
}

# Downloads and unzips the distribution once per machine. Unzipped beside its final place and
# renamed, so an interrupted run never leaves a half-unpacked cache behind.
_kc_dist() {
  local cache=${GATEHOUSE_CACHE:-$HOME/.cache/gatehouse} tmp
  KC_DIST=$cache/keycloak-$KEYCLOAK_VERSION
  [ -x "$KC_DIST/bin/kc.sh" ] && return
  need_packages unzip unzip
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.keycloak-XXXXXX")
  say "downloading Keycloak $KEYCLOAK_VERSION (177 MB, once) into $cache..."
  (cd "$(repo_root)" && ./mvnw -B -q dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$tmp" >&2) \
    || { rm -rf "$tmp"; die "could not fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"; }
  unzip -q "$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$tmp" \
    || { rm -rf "$tmp"; die "could not unzip the Keycloak distribution"; }
  mv -T "$tmp/keycloak-$KEYCLOAK_VERSION" "$KC_DIST" 2>/dev/null || [ -x "$KC_DIST/bin/kc.sh" ] \
    || { rm -rf "$tmp"; die "could not move Keycloak into $KC_DIST"; }
  rm -rf "$tmp"
}

# Keycloak keeps its database, import directory and temporary files under <home>/data, and
# home is wherever kc.sh lives (it resolves symlinks). So each state directory gets its own
# home: a copy of kc.sh, symlinks to the shared lib/conf/themes/providers, and a private data/.
# The only thing Keycloak writes through the symlinks is its one-time build (lib/quarkus).
_kc_home() {
  local state=$1 home=$1/home d
  mkdir -p "$home/bin"
  cp "$KC_DIST/bin/kc.sh" "$home/bin/kc.sh"
  for d in lib conf themes providers; do ln -sfn "$KC_DIST/$d" "$home/$d"; done
  rm -rf "$home/data"
  mkdir -p "$home/data/import"
  cp "$(repo_root)/deploy/keycloak/"*-realm.json "$home/data/import/"
}

# kc.sh either runs java as a child or (on its first, building run) execs into it; either way
# the java process carries kc.sh's PID in -Dkc.script.pid.
_kc_java() { pgrep -f -- "-Dkc.script.pid=$1 " | head -1; }

# Waits until Keycloak answers, or PID dies (1), or the start timeout passes (2).
_kc_wait() {
  local pid=$1 waited=0
  until keycloak_healthy; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$waited" -ge "${KEYCLOAK_START_TIMEOUT:-360}" ] && return 2
    sleep 1; waited=$((waited + 1))
  done
}

keycloak_start() {
  local state pid launcher rc=0 started=$SECONDS
  state=$(_kc_state "${1:-}") || die "cannot create the Keycloak state directory"
  if pid=$(_kc_pid "$state"); then
    # Already running, or still starting from another call: wait for it rather than fight it.
    if _kc_wait "$pid"; then say "Keycloak already running at $(keycloak_url) (pid $pid)"; return 0; fi
    say "Keycloak (pid $pid) does not answer; restarting it"
    keycloak_stop "$state"
  fi
  rm -f "$state/keycloak.pid"
  if (exec 3<>"/dev/tcp/127.0.0.1/${KEYCLOAK_PORT:-18080}") 2>/dev/null; then
    die "port ${KEYCLOAK_PORT:-18080} is in use by something not started from $state; stop it or set KEYCLOAK_PORT"
  fi
  pick_java
  _kc_dist
  _kc_home "$state"
  [ -s "$state/admin-password" ] \
    || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$state/admin-password")
  say "starting Keycloak $KEYCLOAK_VERSION at $(keycloak_url) (log: $state/keycloak.log)..."
  launcher=$(KC_BOOTSTRAP_ADMIN_USERNAME=admin \
    KC_BOOTSTRAP_ADMIN_PASSWORD=$(cat "$state/admin-password") "$state/home/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="${KEYCLOAK_PORT:-18080}" --import-realm \
    </dev/null >"$state/keycloak.log" 2>&1 & echo $!)
  echo "$launcher" > "$state/keycloak.pid"
  _kc_wait "$launcher" || rc=$?
  if [ "$rc" -ne 0 ]; then
    kill -KILL $(_kc_java "$launcher") "$launcher" 2>/dev/null || true
    rm -f "$state/keycloak.pid"
    tail -n 20 "$state/keycloak.log" >&2
    [ "$rc" -eq 1 ] && die "Keycloak exited while starting; see $state/keycloak.log"
    die "Keycloak did not answer within ${KEYCLOAK_START_TIMEOUT:-360} s; see $state/keycloak.log"
  fi
  pid=$(_kc_java "$launcher") || true
  echo "${pid:-$launcher}" > "$state/keycloak.pid"
  say "Keycloak is up at $(keycloak_url) after $((SECONDS - started)) s (pid ${pid:-$launcher})"
}

keycloak_stop() {
  local state pid java i
  state=$(_kc_state "${1:-}") || return 0
  if ! pid=$(_kc_pid "$state"); then rm -f "$state/keycloak.pid"; say "Keycloak is not running"; return 0; fi
  # The pid file names kc.sh itself if a start was interrupted; signal its java instead.
  java=$(_kc_java "$pid") || true
  pid=${java:-$pid}
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "Keycloak (pid $pid) ignored SIGTERM for 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$state/keycloak.pid"
  say "Keycloak stopped"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) keycloak_start "${2:-}" ;;
    stop) keycloak_stop "${2:-}" ;;
    status)
      keycloak_healthy || { say "Keycloak does not answer at $(keycloak_url)"; exit 1; }
      say "Keycloak answers at $(keycloak_url)" ;;
    url) keycloak_url ;;
    *) die "usage: $0 start|stop [STATE_DIR] | status | url" ;;
  esac
fi
