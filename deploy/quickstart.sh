#!/usr/bin/env bash
# Starts a working Gatehouse cluster on this machine, in .quickstart/ of the repository.
#
#   deploy/quickstart.sh          build if needed, start PostgreSQL and auth (idempotent)
#   deploy/quickstart.sh status   show what runs
#   deploy/quickstart.sh stop     stop what the quickstart started
#
# Database: set GATEHOUSE_PG_HOST (and _PORT, _USER, _DATABASE, _PASSWORD_FILE) to use a
# PostgreSQL you already run; otherwise a private Debian cluster is provisioned on port 15432.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(repo_root)
STATE=${GATEHOUSE_QUICKSTART_DIR:-$ROOT/.quickstart}
AUTH_PORT=${GATEHOUSE_AUTH_PORT:-3025}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

build_if_needed() {
  local jar=$ROOT/auth/target/quarkus-app/quarkus-run.jar
  if [ -f "$jar" ] && [ -x "$ROOT/bin/gatectl" ] && [ -z "$(find "$ROOT"/src-shared/src "$ROOT"/auth/src "$ROOT"/cli/src -newer "$jar" -type f -print -quit)" ]; then
    return
  fi
  say "building Gatehouse (first time: a few minutes while Maven downloads dependencies)..."
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
}

write_auth_config() {
  mkdir -p "$STATE/auth"
  cat > "$STATE/auth.yaml" <<YAML
# Written by deploy/quickstart.sh; every option is explained in deploy/examples/auth.yaml.
gatehouse:
  data-dir: $STATE/auth
  auth:
    listen-port: $AUTH_PORT
    public-proxy-addr: localhost:3080
  storage:
    host: $GATEHOUSE_PG_HOST
    port: $GATEHOUSE_PG_PORT
    database: $GATEHOUSE_PG_DATABASE
    username: $GATEHOUSE_PG_USER
    password-file: "${GATEHOUSE_PG_PASSWORD_FILE}"
YAML
  chmod 600 "$STATE/auth.yaml"
}

start_auth() {
  if running "$STATE/auth.pid"; then
    say "auth is already running (pid $(cat "$STATE/auth.pid"))"
    return
  fi
  write_auth_config
  : > "$STATE/auth.log"
  QUARKUS_CONFIG_LOCATIONS=$STATE/auth.yaml nohup "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC \
    -jar "$ROOT/auth/target/quarkus-app/quarkus-run.jar" >> "$STATE/auth.log" 2>&1 &
  echo $! > "$STATE/auth.pid"
  say "starting auth (pid $!, log .quickstart/auth.log)..."
  local i
  for i in $(seq 1 120); do
    if ! running "$STATE/auth.pid"; then
      tail -n 30 "$STATE/auth.log" >&2
      die "auth exited during start-up; the log above says why"
    fi
    if grep -q "Listening on" "$STATE/auth.log"; then
      return
    fi
    sleep 0.5
  done
  tail -n 30 "$STATE/auth.log" >&2
  die "auth did not become ready within 60 s"
}

print_next_steps() {
  local link
  link=$(grep -o 'Admin signup: [^ ]*' "$STATE/auth.log" | tail -1 | cut -d' ' -f3 || true)
  echo
  say "the auth service of your cluster runs on 127.0.0.1:$AUTH_PORT (mutual TLS)."
  if [ -n "$link" ]; then
    echo
    echo "  Admin signup (one-time link; the web UI arrives with the proxy):"
    echo "    $link"
  fi
  echo
  echo "  Try:"
  echo "    bin/gatectl status"
  echo "    bin/gatectl users add alice --roles=access --logins=$(id -un)"
  echo "    bin/gatectl get roles -o yaml"
  echo "    bin/gatectl auth sign --user=alice --ttl=1h --out=/tmp/alice && ssh-keygen -L -f /tmp/alice-cert.pub"
  echo
  echo "  Stop everything with: deploy/quickstart.sh stop"
}

start() {
  need_packages openssl openssl ssh-keygen openssh-client curl curl
  pick_java
  build_if_needed
  eval "$("$ROOT/deploy/postgres.sh" ensure "$STATE")"
  if [ -n "${GATEHOUSE_PG_PASSWORD:-}" ] && [ -z "${GATEHOUSE_PG_PASSWORD_FILE:-}" ]; then
    (umask 077; printf '%s\n' "$GATEHOUSE_PG_PASSWORD" > "$STATE/pg-password")
    GATEHOUSE_PG_PASSWORD_FILE=$STATE/pg-password
  fi
  start_auth
  GATECTL_AUTH=127.0.0.1:$AUTH_PORT GATECTL_IDENTITY=$STATE/auth/admin.identity "$ROOT/bin/gatectl" status >/dev/null \
    || die "auth started but gatectl status failed; see $STATE/auth.log"
  print_next_steps
}

stop() {
  if running "$STATE/auth.pid"; then
    local pid
    pid=$(cat "$STATE/auth.pid")
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped auth"
  fi
  rm -f "$STATE/auth.pid"
  if [ -z "${GATEHOUSE_PG_HOST:-}" ]; then "$ROOT/deploy/postgres.sh" stop; fi
}

status() {
  if running "$STATE/auth.pid"; then say "auth: running (pid $(cat "$STATE/auth.pid"), port $AUTH_PORT)"; else
    say "auth: stopped"; fi
  pg_lsclusters 2>/dev/null | awk 'NR==1 || $2=="gatehouse"' || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: deploy/quickstart.sh [start|status|stop]" ;;
esac
