#!/usr/bin/env bash
# Makes sure Gatehouse's tests have a MariaDB and prints `export GATEHOUSE_MYSQL_*=...` lines to eval.
#
#   deploy/mariadb.sh ensure STATE_DIR   a private server (installed from Debian's packages if missing)
#   deploy/mariadb.sh stop               stop the private server
#
# The private server is machine-wide, like deploy/postgres.sh's cluster, so it never touches a
# MariaDB or MySQL the machine already runs: its own data directory /var/lib/gatehouse-mariadb,
# 127.0.0.1:13306 (GATEHOUSE_MYSQL_PRIVATE_PORT), run as the mysql user. Root logs in only
# through its socket; the "gatehouse" user has a password generated once (kept root-only beside
# the data) and copied to STATE_DIR/mysql-password (0600). max_allowed_packet is 64 MiB, so the
# tests can send packets past the protocol's 16 MiB split.
set -euo pipefail

PORT=${GATEHOUSE_MYSQL_PRIVATE_PORT:-13306}
DATA=/var/lib/gatehouse-mariadb
RUN=/run/gatehouse-mariadb
SOCKET=$RUN/mysqld.sock
MASTER=$DATA-password

say() { echo "mariadb.sh: $*" >&2; }
die() { say "$*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

install_mariadb() {
  command -v mariadbd >/dev/null 2>&1 && command -v mariadb >/dev/null 2>&1 && return
  say "installing MariaDB from Debian's packages (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >&2
}

running() {
  [ -S "$SOCKET" ] && as_root mariadb --socket="$SOCKET" -u root -e 'SELECT 1' >/dev/null 2>&1
}

start() {
  install_mariadb
  if [ ! -d "$DATA/mysql" ]; then
    say "creating a private MariaDB data directory $DATA..."
    as_root mkdir -p "$DATA"
    as_root chown mysql:mysql "$DATA"
    as_root mariadb-install-db --user=mysql --datadir="$DATA" --auth-root-authentication-method=socket \
      --skip-test-db >/dev/null
  fi
  running && return
  as_root mkdir -p "$RUN"
  as_root chown mysql:mysql "$RUN"
  say "starting the private MariaDB on 127.0.0.1:$PORT..."
  as_root setsid mariadbd --user=mysql --datadir="$DATA" --socket="$SOCKET" --port="$PORT" \
    --bind-address=127.0.0.1 --pid-file="$RUN/mysqld.pid" --log-error="$DATA/error.log" \
    --max-allowed-packet=64M --skip-name-resolve </dev/null >/dev/null 2>&1 &
  local i
  for i in $(seq 1 60); do
    running && return
    sleep 0.5
  done
  as_root tail -20 "$DATA/error.log" >&2 || true
  die "the private MariaDB did not start within 30 s (log: $DATA/error.log)"
}

ensure() {
  local state=$1
  start
  if ! as_root test -s "$MASTER"; then
    as_root sh -c "umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > '$MASTER'"
  fi
  local pw
  pw=$(as_root cat "$MASTER")
  as_root mariadb --socket="$SOCKET" -u root <<SQL
CREATE USER IF NOT EXISTS 'gatehouse'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER 'gatehouse'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'gatehouse'@'127.0.0.1' WITH GRANT OPTION;
SQL
  mkdir -p "$state"
  (umask 077; printf '%s' "$pw" > "$state/mysql-password")
  echo "export GATEHOUSE_MYSQL_HOST=127.0.0.1"
  echo "export GATEHOUSE_MYSQL_PORT=$PORT"
  echo "export GATEHOUSE_MYSQL_USER=gatehouse"
  echo "export GATEHOUSE_MYSQL_PASSWORD_FILE=$(cd "$state" && pwd)/mysql-password"
}

case "${1:-}" in
  ensure) [ -n "${2:-}" ] || die "usage: $0 ensure STATE_DIR"; ensure "$2" ;;
  stop)
    if running; then
      as_root mariadb-admin --socket="$SOCKET" -u root shutdown
      say "stopped the private MariaDB"
    fi
    ;;
  *) die "usage: $0 ensure STATE_DIR | stop" ;;
esac
