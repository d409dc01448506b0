#!/usr/bin/env bash
# Databases to try `gate db connect` on: a private PostgreSQL cluster and a private MariaDB server
# on spare ports, each requiring TLS and client certificates from the cluster's database client CA
# (the certificates the agent logs in with), plus one password-only MariaDB user kept on the agent's
# host. The quickstart's agent then serves them (README: "Databases").
#
#   deploy/demo-db.sh start [STATE_DIR]   set up both (once), start them, and restart the quickstart's
#                                         agent with a databases: section (STATE_DIR: .quickstart)
#   deploy/demo-db.sh stop                stop both servers
#
# The e2e tests use the same servers (`GATEHOUSE_DEMO_DB_NO_AGENT=1 deploy/demo-db.sh start DIR`,
# with GATECTL_AUTH/GATECTL_IDENTITY naming their cluster): they never touch the machine's own
# PostgreSQL or MariaDB, nor deploy/postgres.sh's and deploy/mariadb.sh's private ones.
#
# PostgreSQL: Debian cluster 15/gatehouse-demo on 127.0.0.1:$PG_PORT (pg_hba: hostssl + cert only),
# database "orders" owned by the database user "app", and a second database "payroll".
# MariaDB: data in /var/lib/gatehouse-demo-mariadb on 127.0.0.1:$MY_PORT, require_secure_transport,
# "app" REQUIRE SUBJECT '/CN=app' (a certificate, no password), "reporter" with a password only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(repo_root)
PG_PORT=${GATEHOUSE_DEMO_PG_PORT:-15433}
MY_PORT=${GATEHOUSE_DEMO_MYSQL_PORT:-13307}
PG_CLUSTER=gatehouse-demo
MY_DATA=/var/lib/gatehouse-demo-mariadb
MY_RUN=/run/gatehouse-demo-mariadb
MY_SOCKET=$MY_RUN/mysqld.sock

pg_version() { ls /usr/lib/postgresql | sort -n | tail -1; }

install_servers() {
  command -v pg_createcluster >/dev/null 2>&1 || need_packages pg_createcluster postgresql
  command -v psql >/dev/null 2>&1 || need_packages psql postgresql-client
  command -v mariadbd >/dev/null 2>&1 || need_packages mariadbd mariadb-server
  command -v mariadb >/dev/null 2>&1 || need_packages mariadb mariadb-client
}

# certificates DIR: the servers' certificate and key (signed by the cluster's database CA, for
# localhost and 127.0.0.1) and the database client CA they trust, from the cluster's auth.
certificates() {
  local dir=$1
  mkdir -p "$dir"
  if [ ! -s "$dir/server.crt" ] || ! openssl x509 -checkend 86400 -noout -in "$dir/server.crt" >/dev/null 2>&1; then
    say "asking the cluster for the databases' server certificate (gatectl auth sign --format=db)..."
    "${GATECTL[@]}" auth sign --format=db --host=localhost,127.0.0.1 --ttl=2160h --out="$dir/server" >/dev/null
  fi
  "${GATECTL[@]}" auth export --type=db-client > "$dir/client-ca.pem"
}

start_postgres() {
  local dir=$1 ver conf
  ver=$(pg_version)
  conf=/etc/postgresql/$ver/$PG_CLUSTER
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver $PG_CLUSTER"; then
    say "creating the demo PostgreSQL cluster $ver/$PG_CLUSTER on 127.0.0.1:$PG_PORT..."
    as_root pg_createcluster --port "$PG_PORT" "$ver" "$PG_CLUSTER" >/dev/null
  fi
  as_root install -o postgres -g postgres -m 0644 "$dir/server.crt" "$conf/gatehouse-server.crt"
  as_root install -o postgres -g postgres -m 0600 "$dir/server.key" "$conf/gatehouse-server.key"
  as_root install -o postgres -g postgres -m 0644 "$dir/client-ca.pem" "$conf/gatehouse-client-ca.pem"
  as_root tee "$conf/conf.d/gatehouse.conf" >/dev/null <<CONF
# Written by deploy/demo-db.sh: TLS only, client certificates from the Gatehouse database client CA.
listen_addresses = '127.0.0.1'
ssl = on
ssl_cert_file = '$conf/gatehouse-server.crt'
ssl_key_file = '$conf/gatehouse-server.key'
ssl_ca_file = '$conf/gatehouse-client-ca.pem'
CONF
  as_root tee "$conf/pg_hba.conf" >/dev/null <<HBA
# Written by deploy/demo-db.sh. The socket for the server's own administration; TCP only with TLS and
# a client certificate whose CN is the database user (what Gatehouse's agent presents).
local   all   postgres                 peer
hostssl all   all        127.0.0.1/32  cert
HBA
  if pg_lsclusters -h | awk -v v="$ver" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$ver" "$PG_CLUSTER" reload >/dev/null
  else
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$PG_CLUSTER" start >/dev/null \
      || as_root pg_ctlcluster "$ver" "$PG_CLUSTER" start
  fi
  local psql=(as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT")
  "${psql[@]}" -d postgres <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app LOGIN; END IF;
END $$;
SQL
  local db
  for db in orders payroll; do
    if ! "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      "${psql[@]}" -d postgres -c "CREATE DATABASE $db OWNER app" >/dev/null
    fi
  done
  "${psql[@]}" -d orders <<'SQL' >/dev/null
SET ROLE app;
CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL);
INSERT INTO orders (customer, total) SELECT 'customer ' || i, i * 1.5 FROM generate_series(1, 3) i
  WHERE NOT EXISTS (SELECT 1 FROM orders);
SQL
}

my_running() {
  [ -S "$MY_SOCKET" ] && as_root mariadb --socket="$MY_SOCKET" -u root -e 'SELECT 1' >/dev/null 2>&1
}

start_mariadb() {
  local dir=$1
  if [ ! -d "$MY_DATA/mysql" ]; then
    say "creating the demo MariaDB in $MY_DATA..."
    as_root mkdir -p "$MY_DATA"
    as_root chown mysql:mysql "$MY_DATA"
    as_root mariadb-install-db --user=mysql --datadir="$MY_DATA" --auth-root-authentication-method=socket \
      --skip-test-db >/dev/null
  fi
  as_root install -o mysql -g mysql -m 0644 "$dir/server.crt" "$MY_DATA/gatehouse-server.crt"
  as_root install -o mysql -g mysql -m 0600 "$dir/server.key" "$MY_DATA/gatehouse-server.key"
  as_root install -o mysql -g mysql -m 0644 "$dir/client-ca.pem" "$MY_DATA/gatehouse-client-ca.pem"
  if my_running; then
    as_root mariadb --socket="$MY_SOCKET" -u root -e 'FLUSH SSL' >/dev/null 2>&1 || true
  else
    as_root mkdir -p "$MY_RUN"
    as_root chown mysql:mysql "$MY_RUN"
    say "starting the demo MariaDB on 127.0.0.1:$MY_PORT..."
    as_root setsid mariadbd --user=mysql --datadir="$MY_DATA" --socket="$MY_SOCKET" --port="$MY_PORT" \
      --bind-address=127.0.0.1 --pid-file="$MY_RUN/mysqld.pid" --log-error="$MY_DATA/error.log" \
      --skip-name-resolve --max-allowed-packet=64M --require-secure-transport=ON \
      --ssl-cert="$MY_DATA/gatehouse-server.crt" --ssl-key="$MY_DATA/gatehouse-server.key" \
      --ssl-ca="$MY_DATA/gatehouse-client-ca.pem" </dev/null >/dev/null 2>&1 &
    local i
    for i in $(seq 1 60); do
      my_running && break
      sleep 0.5
    done
    my_running || { as_root tail -20 "$MY_DATA/error.log" >&2; die "the demo MariaDB did not start (log: $MY_DATA/error.log)"; }
  fi
  if [ ! -s "$dir/reporter.password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/reporter.password")
  fi
  as_root mariadb --socket="$MY_SOCKET" -u root <<SQL
CREATE DATABASE IF NOT EXISTS orders;
CREATE DATABASE IF NOT EXISTS payroll;
CREATE USER IF NOT EXISTS 'app'@'127.0.0.1' REQUIRE SUBJECT '/CN=app';
GRANT ALL PRIVILEGES ON orders.* TO 'app'@'127.0.0.1';
GRANT ALL PRIVILEGES ON payroll.* TO 'app'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'reporter'@'127.0.0.1' IDENTIFIED BY '$(cat "$dir/reporter.password")';
ALTER USER 'reporter'@'127.0.0.1' IDENTIFIED BY '$(cat "$dir/reporter.password")';
GRANT SELECT ON orders.* TO 'reporter'@'127.0.0.1';
CREATE TABLE IF NOT EXISTS orders.orders (id INT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(100) NOT NULL,
  total DECIMAL(10,2) NOT NULL);
INSERT INTO orders.orders (customer, total) SELECT 'customer 1', 1.50 FROM DUAL
  WHERE NOT EXISTS (SELECT 1 FROM orders.orders);
SQL
}

# databases_yaml DIR: the agent.yaml section that serves the three demo databases.
databases_yaml() {
  local dir
  dir=$(cd "$1" && pwd)
  cat <<YAML
databases:
  - name: demo-postgres
    protocol: postgres
    uri: localhost:$PG_PORT
    labels: {env: demo}
  - name: demo-mariadb
    protocol: mysql
    uri: localhost:$MY_PORT
    labels: {env: demo}
  - name: demo-mariadb-password
    protocol: mysql
    uri: 127.0.0.1:$MY_PORT
    labels: {env: demo}
    auth: {user: reporter, password_file: $dir/reporter.password}
YAML
}

start() {
  local state=${1:-$ROOT/.quickstart} dir
  dir=$state/demo-db
  GATECTL=(env GATECTL_AUTH="${GATECTL_AUTH:-127.0.0.1:${GATEHOUSE_AUTH_PORT:-3025}}"
    GATECTL_IDENTITY="${GATECTL_IDENTITY:-$state/auth/admin.identity}" "$ROOT/bin/gatectl")
  [ -x "$ROOT/bin/gatectl" ] || die "bin/gatectl is missing: start the quickstart first (deploy/quickstart.sh)"
  "${GATECTL[@]}" status >/dev/null || die "no cluster answers (gatectl status failed): start it with deploy/quickstart.sh"
  install_servers
  certificates "$dir"
  start_postgres "$dir"
  start_mariadb "$dir"
  databases_yaml "$dir" > "$dir/databases.yaml"
  say "demo databases: PostgreSQL 127.0.0.1:$PG_PORT (orders, payroll; user app by certificate),"
  say "MariaDB 127.0.0.1:$MY_PORT (orders, payroll; app by certificate, reporter by password)"
  if [ -n "${GATEHOUSE_DEMO_DB_NO_AGENT:-}" ]; then
    return
  fi
  if [ -f "$state/agent.pid" ] && kill -0 "$(cat "$state/agent.pid")" 2>/dev/null; then
    kill "$(cat "$state/agent.pid")"
    for _ in $(seq 1 40); do kill -0 "$(cat "$state/agent.pid")" 2>/dev/null || break; sleep 0.25; done
  fi
  GATEHOUSE_QUICKSTART_DIR=$state "$ROOT/deploy/quickstart.sh" >/dev/null
  echo
  echo "  The quickstart's agent serves demo-postgres, demo-mariadb and demo-mariadb-password:"
  echo "    bin/gatectl get dbs"
  echo "    bin/gatectl users add carol --roles=access --db-users=app,reporter --db-names=orders   # then gate login as carol"
  echo "    bin/gate db ls"
  echo "    bin/gate db connect demo-postgres --db-user=app --db-name=orders"
}

stop() {
  if command -v pg_lsclusters >/dev/null 2>&1; then
    as_root pg_ctlcluster "$(pg_version)" "$PG_CLUSTER" stop 2>/dev/null || true
  fi
  if my_running; then
    as_root mariadb-admin --socket="$MY_SOCKET" -u root shutdown
  fi
  say "stopped the demo databases"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  yaml) databases_yaml "${2:?usage: $0 yaml DIR}" ;;
  *) die "usage: deploy/demo-db.sh start [STATE_DIR] | stop" ;;
esac
