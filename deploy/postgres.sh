#!/usr/bin/env bash
# Makes sure Gatehouse has a PostgreSQL and prints `export GATEHOUSE_PG_*=...` lines to eval.
#
#   deploy/postgres.sh ensure STATE_DIR   reuse GATEHOUSE_PG_HOST if set, else a private cluster
#   deploy/postgres.sh drop STATE_DIR     drop STATE_DIR's database from the private cluster
#   deploy/postgres.sh stop               stop the private cluster, unless something else still uses it
#
# The private cluster is Debian's own tooling (pg_createcluster/pg_ctlcluster, which run the
# server as the postgres user, so this works as root): cluster "gatehouse" on port 15432, role
# "gatehouse"; the password is generated once per cluster and copied to STATE_DIR/pg-password (0600).
#
# The cluster is machine-wide, but each state directory gets a database of its own
# (gatehouse_<random>, its name kept in STATE_DIR/pg-database): the database holds the cluster's
# CAs sealed with the key in STATE_DIR, so the two belong together. A second checkout, or a state
# directory removed and started again, gets a fresh database instead of one whose key is gone.
set -euo pipefail

PORT=${GATEHOUSE_PG_PRIVATE_PORT:-15432}
CLUSTER=${GATEHOUSE_PG_PRIVATE_CLUSTER:-gatehouse}

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

install_postgres() {
  if command -v pg_createcluster >/dev/null 2>&1; then return; fi
  say "installing PostgreSQL from Debian's packages (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

pg_version() {
  ls /usr/lib/postgresql | sort -n | tail -1
}

cluster_exists() {
  pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$1 $CLUSTER"
}

cluster_online() {
  pg_lsclusters -h 2>/dev/null | awk -v v="$1" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online
}

psql_admin() {
  as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"
}

STATE_TAG="gatehouse quickstart state: "

sql_literal() {
  printf "'%s'" "${1//\'/\'\'}"
}

# state_database STATE_DIR: the name of STATE_DIR's database, chosen (and recorded) on first use.
state_database() {
  local state=$1 file=$1/pg-database db
  if [ -s "$file" ]; then
    db=$(cat "$file")
    [[ $db =~ ^gatehouse(_[0-9a-f]{8})?$ ]] || die "$file names no quickstart database ('$db'); remove the file to start a fresh one"
    echo "$db"
    return
  fi
  if [ -s "$state/auth/kek" ]; then
    # State from before databases were per state directory: its CAs are in the shared "gatehouse".
    db=gatehouse
  else
    db=gatehouse_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
    drop_orphans "$(cd "$state" && pwd)"
  fi
  (umask 077; echo "$db" > "$file")
  echo "$db"
}

# drop_orphans PATH: drops databases made for an earlier state directory at PATH, which was removed
# (its key with it): nothing can open their CAs any more.
drop_orphans() {
  local orphan
  for orphan in $(psql_admin -tAc "SELECT d.datname FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid
      WHERE s.description = $(sql_literal "$STATE_TAG$1") AND d.datname ~ '^gatehouse_[0-9a-f]{8}\$'"); do
    say "dropping database '$orphan', left by an earlier $1 whose key is gone..."
    psql_admin -c "DROP DATABASE $orphan WITH (FORCE)" >&2
  done
}

start_private() {
  local ver=$1
  if ! cluster_online "$ver"; then
    say "starting PostgreSQL cluster $ver/$CLUSTER..."
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$CLUSTER" start >&2 \
      || as_root pg_ctlcluster "$ver" "$CLUSTER" start >&2
  fi
}

drop_private() {
  local state=$1 db ver
  [ -s "$state/pg-database" ] || { say "no database recorded in $state/pg-database: nothing to drop"; return 0; }
  db=$(state_database "$state")
  command -v pg_lsclusters >/dev/null || return 0
  ver=$(pg_version)
  cluster_exists "$ver" || return 0
  start_private "$ver"
  if psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    psql_admin -c "DROP DATABASE $db WITH (FORCE)" >&2
    say "dropped database '$db'"
  fi
}

ensure_private() {
  local state=$1 ver
  install_postgres
  ver=$(pg_version)
  if ! cluster_exists "$ver"; then
    say "creating a private PostgreSQL $ver cluster '$CLUSTER' on port $PORT..."
    as_root pg_createcluster --port "$PORT" "$ver" "$CLUSTER" >&2
  fi
  start_private "$ver"
  # The role's password belongs to the cluster (kept beside its configuration, root only); each
  # state directory gets a copy, so the quickstart and the tests can share the cluster.
  local master=/etc/postgresql/$ver/$CLUSTER/gatehouse-password
  if ! as_root test -s "$master"; then
    as_root sh -c "umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > '$master'"
    psql_admin <<SQL >&2
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gatehouse') THEN
    CREATE ROLE gatehouse LOGIN CREATEDB PASSWORD '$(as_root cat "$master")';
  ELSE
    ALTER ROLE gatehouse LOGIN CREATEDB PASSWORD '$(as_root cat "$master")';
  END IF;
END \$\$;
SQL
  fi
  mkdir -p "$state"
  (umask 077; as_root cat "$master" > "$state/pg-password")
  local db
  db=$(state_database "$state")
  if ! psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    say "creating database '$db' for $(cd "$state" && pwd)..."
    psql_admin -c "CREATE DATABASE $db OWNER gatehouse" >&2
    psql_admin -c "COMMENT ON DATABASE $db IS $(sql_literal "$STATE_TAG$(cd "$state" && pwd)")" >&2
  fi
  cat <<EXPORTS
export GATEHOUSE_PG_HOST=127.0.0.1
export GATEHOUSE_PG_PORT=$PORT
export GATEHOUSE_PG_USER=gatehouse
export GATEHOUSE_PG_DATABASE=$db
export GATEHOUSE_PG_PASSWORD_FILE=$(cd "$state" && pwd)/pg-password
EXPORTS
}

ensure_configured() {
  local port=${GATEHOUSE_PG_PORT:-5432}
  if command -v pg_isready >/dev/null && ! pg_isready -q -h "$GATEHOUSE_PG_HOST" -p "$port"; then
    die "GATEHOUSE_PG_HOST=$GATEHOUSE_PG_HOST:$port is set but PostgreSQL does not answer there"
  fi
  cat <<EXPORTS
export GATEHOUSE_PG_HOST=$GATEHOUSE_PG_HOST
export GATEHOUSE_PG_PORT=$port
export GATEHOUSE_PG_USER=${GATEHOUSE_PG_USER:-gatehouse}
export GATEHOUSE_PG_DATABASE=${GATEHOUSE_PG_DATABASE:-gatehouse}
export GATEHOUSE_PG_PASSWORD_FILE=${GATEHOUSE_PG_PASSWORD_FILE:-}
EXPORTS
}

stop_private() {
  command -v pg_lsclusters >/dev/null || return 0
  local ver
  ver=$(pg_version)
  if cluster_exists "$ver" && cluster_online "$ver"; then
    # Other checkouts' quickstarts (and test runs) share the cluster: leave it to them.
    local others
    others=$(psql_admin -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()")
    if [ "${others:-0}" -gt 0 ]; then
      say "PostgreSQL cluster $ver/$CLUSTER keeps running: $others other connection(s) still use it"
      return 0
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$CLUSTER" stop >&2 \
      || as_root pg_ctlcluster "$ver" "$CLUSTER" stop >&2
    say "stopped PostgreSQL cluster $ver/$CLUSTER"
  fi
}

case "${1:-}" in
  ensure)
    [ -n "${2:-}" ] || die "usage: $0 ensure STATE_DIR"
    if [ -n "${GATEHOUSE_PG_HOST:-}" ]; then ensure_configured; else ensure_private "$2"; fi ;;
  drop)
    [ -n "${2:-}" ] || die "usage: $0 drop STATE_DIR"
    drop_private "$2" ;;
  stop) stop_private ;;
  *) die "usage: $0 ensure STATE_DIR | drop STATE_DIR | stop" ;;
esac
