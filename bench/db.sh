#!/usr/bin/env bash
# Database benchmark: the same clients against the same databases, in the same run, by three paths:
#   gatehouse  client -> gate proxy db --tunnel (local) -> proxy web port (TLS routing) -> tunnel ->
#              agent's Database Service -> database (TLS)
#   direct     client -> database (TLS), the baseline
#   pgbouncer  client -> PgBouncer (TLS, Debian's package, session pooling) -> database (TLS): a
#              one-hop proxy peer, for PostgreSQL
# Figures: pgbench select-only TPS (target gatehouse >= 0.5 of direct), new connections per second
# (pgbench -C; target >= 100/s on 2 cores; Teleport publishes 40/s on 4 CPUs), sysbench
# oltp_read_only on MariaDB (target >= 0.5 of direct), and the agent's CPU per 1,000 queries.
# Both databases log the bench user in with a password over TLS on every path, so login costs match.
# Usage: [BENCH_SECONDS=15] [BENCH_CLIENTS=4] [BENCH_WARMUP=10] bench/db.sh      (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECONDS_PER_RUN=${BENCH_SECONDS:-15}
CLIENTS=${BENCH_CLIENTS:-4}
bench_init db
need_packages pgbouncer pgbouncer sysbench sysbench pgbench postgresql-client

echo "== Databases: pgbench and sysbench through Gatehouse, directly and through PgBouncer; ${SECONDS_PER_RUN}s per" \
  "run, $CLIENTS clients, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (starting a Gatehouse quickstart cluster and the demo databases...)"
BENCH_PROBE=0 bench_start_cluster
GATECTL=(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" "$ROOT/bin/gatectl")
GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" GATEHOUSE_DEMO_DB_NO_AGENT=1 \
  "$ROOT/deploy/demo-db.sh" start "$STATE" > "$WORK/demo-db.out" 2>&1 || { cat "$WORK/demo-db.out" >&2; die "demo-db.sh failed"; }
PG_PORT=${GATEHOUSE_DEMO_PG_PORT:-15433}
MY_PORT=${GATEHOUSE_DEMO_MYSQL_PORT:-13307}
PW=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077; printf '%s' "$PW" > "$WORK/bench.password")

# The bench user: a password over TLS on both databases (pg_hba: scram for it alone, before the
# demo's certificate-only line; deploy/demo-db.sh rewrites pg_hba at its next start).
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
HBA=/etc/postgresql/$PGVER/gatehouse-demo/pg_hba.conf
grep -q '^hostssl all bench ' "$HBA" || sed -i '/^hostssl all   all/i hostssl all bench 127.0.0.1/32 scram-sha-256' "$HBA"
pg_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }
pg_admin -d postgres -c "DROP DATABASE IF EXISTS benchdb WITH (FORCE)" >/dev/null
pg_admin -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench') THEN CREATE ROLE bench LOGIN; END IF;
END \$\$;
ALTER ROLE bench PASSWORD '$PW';
CREATE DATABASE benchdb OWNER bench;
SQL
runuser -u postgres -- pg_ctlcluster "$PGVER" gatehouse-demo reload
DIRECT_PG="host=localhost port=$PG_PORT user=bench dbname=benchdb sslmode=require"
PGPASSWORD=$PW pgbench -q -i -s 10 "$DIRECT_PG" >/dev/null 2>&1
mariadb --socket=/run/gatehouse-demo-mariadb/mysqld.sock -u root <<SQL
DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest;
CREATE USER IF NOT EXISTS 'bench'@'127.0.0.1' IDENTIFIED BY '$PW';
ALTER USER 'bench'@'127.0.0.1' IDENTIFIED BY '$PW';
GRANT ALL PRIVILEGES ON sbtest.* TO 'bench'@'127.0.0.1';
SQL
# sysbench 1.0's --mysql-ssl=on reads client-key.pem, client-cert.pem and cacert.pem from its working
# directory: a client certificate from a CA of the bench's own, which the demo MariaDB is told to
# accept beside the cluster's (deploy/demo-db.sh puts its own CA file back at its next start); the
# bench user still logs in by password.
SBTLS=$WORK/sysbench-tls
mkdir -p "$SBTLS"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$SBTLS/ca.key" -out "$SBTLS/ca.pem" \
  -subj "/CN=bench client CA" -days 1 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$SBTLS/client-key.pem" -out "$SBTLS/client.csr" \
  -subj /CN=bench 2>/dev/null
openssl x509 -req -in "$SBTLS/client.csr" -CA "$SBTLS/ca.pem" -CAkey "$SBTLS/ca.key" -CAcreateserial -days 1 \
  -out "$SBTLS/client-cert.pem" 2>/dev/null
"${GATECTL[@]}" auth export --type=db > "$SBTLS/cacert.pem"
cat "$SBTLS/ca.pem" >> /var/lib/gatehouse-demo-mariadb/gatehouse-client-ca.pem
mariadb --socket=/run/gatehouse-demo-mariadb/mysqld.sock -u root -e 'FLUSH SSL'
SB=(sysbench oltp_read_only --mysql-host=127.0.0.1 --mysql-user=bench --mysql-password="$PW" --mysql-db=sbtest
  --tables=4 --table-size=20000)
(cd "$SBTLS" && "${SB[@]}" --mysql-port="$MY_PORT" --mysql-ssl=on prepare >/dev/null)

# An agent serving both, logging in with the bench user's password kept on its host.
AGENT_DIR=$WORK/agent-db
mkdir -p "$AGENT_DIR"
chmod 700 "$AGENT_DIR"
token=$("${GATECTL[@]}" tokens add --type=node,db --names=dbbench --ttl=1h | awk '/token:/ {print $NF; exit}')
(umask 077; printf '%s' "$token" > "$AGENT_DIR/join-token")
sed -e "s/^node_name: .*/node_name: dbbench/" -e "s#^data_dir: .*#data_dir: $AGENT_DIR/data#" \
  -e "s#^token_file: .*#token_file: $AGENT_DIR/join-token#" -e '/^databases:/,$d' "$STATE/agent.yaml" > "$AGENT_DIR/agent.yaml"
cat >> "$AGENT_DIR/agent.yaml" <<YAML
databases:
  - name: bench-pg
    protocol: postgres
    uri: localhost:$PG_PORT
    labels: {bench: db}
    auth: {user: bench, password_file: $WORK/bench.password}
  - name: bench-my
    protocol: mysql
    uri: localhost:$MY_PORT
    labels: {bench: db}
    auth: {user: bench, password_file: $WORK/bench.password}
YAML
"$ROOT/deploy/agent.sh" --config "$AGENT_DIR/agent.yaml" > "$AGENT_DIR/agent.log" 2>&1 &
AGENT_PID=$!
_BENCH_PIDS+=("$AGENT_PID")
cat > "$WORK/role.yaml" <<YAML
kind: role
version: v1
metadata: {name: bench-db}
spec:
  allow:
    db_labels: {bench: db}
    db_users: [bench]
    db_names: [benchdb, sbtest]
YAML
"${GATECTL[@]}" create -f "$WORK/role.yaml" >/dev/null
"${GATECTL[@]}" users add dbbench --roles=bench-db >/dev/null
"${GATECTL[@]}" auth sign --user=dbbench --ttl=1h --out="$WORK/dbbench" >/dev/null
export GATE_HOME=$WORK/gate
GATE=("$ROOT/bin/gate")
GATE_AS=(-i "$WORK/dbbench" --proxy="127.0.0.1:$WEB_PORT")
for i in $(seq 1 60); do
  "${GATE[@]}" db ls "${GATE_AS[@]}" 2>/dev/null | grep -q '^bench-my .*online' \
    && "${GATE[@]}" db ls "${GATE_AS[@]}" | grep -q '^bench-pg .*online' && break
  sleep 0.5
done
GH_PG_PORT=$(fresh_port) GH_MY_PORT=$(fresh_port)
"${GATE[@]}" proxy db bench-pg --tunnel --port="$GH_PG_PORT" --db-user=bench "${GATE_AS[@]}" > "$WORK/proxy-pg.log" 2>&1 &
GATE_PG_PID=$!
_BENCH_PIDS+=("$GATE_PG_PID")
"${GATE[@]}" proxy db bench-my --tunnel --port="$GH_MY_PORT" --db-user=bench "${GATE_AS[@]}" > "$WORK/proxy-my.log" 2>&1 &
GATE_MY_PID=$!
_BENCH_PIDS+=("$GATE_MY_PID")
for i in $(seq 1 60); do
  (exec 3<>"/dev/tcp/127.0.0.1/$GH_PG_PORT") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$GH_MY_PORT") 2>/dev/null && break
  sleep 0.5
done
GATEHOUSE_PG="host=127.0.0.1 port=$GH_PG_PORT user=bench dbname=benchdb sslmode=disable"

# PgBouncer as the one-hop peer: TLS to clients (its own self-signed certificate) and to PostgreSQL.
PGB=$WORK/pgbouncer
PGB_PORT=$(fresh_port)
mkdir -p "$PGB"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PGB/key.pem" -out "$PGB/cert.pem" \
  -subj /CN=localhost -days 1 2>/dev/null
printf '"bench" "%s"\n' "$PW" > "$PGB/userlist.txt"
cat > "$PGB/pgbouncer.ini" <<INI
[databases]
benchdb = host=localhost port=$PG_PORT dbname=benchdb
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $PGB/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 20
client_tls_sslmode = require
client_tls_key_file = $PGB/key.pem
client_tls_cert_file = $PGB/cert.pem
server_tls_sslmode = require
logfile = $PGB/pgbouncer.log
pidfile = $PGB/pgbouncer.pid
INI
chown -R postgres "$PGB"
chmod 600 "$PGB/key.pem" "$PGB/userlist.txt"
runuser -u postgres -- pgbouncer -d "$PGB/pgbouncer.ini"
for i in $(seq 1 40); do [ -s "$PGB/pgbouncer.pid" ] && break; sleep 0.25; done
_BENCH_PIDS+=("$(cat "$PGB/pgbouncer.pid")")
PGBOUNCER_PG="host=127.0.0.1 port=$PGB_PORT user=bench dbname=benchdb sslmode=require"

if [ -n "${BENCH_HOLD:-}" ]; then  # for a look by hand: the paths stay up this many seconds
  echo "direct: $DIRECT_PG (PGPASSWORD=$PW); gatehouse: $GATEHOUSE_PG; agent pid $AGENT_PID; proxy pid $(cat "$STATE/proxy.pid")"
  sleep "$BENCH_HOLD"
fi

# pgbench_tps CONNINFO [EXTRA...]: transactions per second, excluding nothing (-C: with connects).
pgbench_tps() {
  local conn=$1; shift
  PGPASSWORD=$PW pgbench -n -S -T "$SECONDS_PER_RUN" -c "$CLIENTS" -j 2 "$@" "$conn" 2>&1 \
    | awk '/^tps = / {printf "%.1f\n", $3; exit}'
}

# sysbench_tps ARGS...: transactions per second; the statements it ran go to $WORK/sysbench.statements.
sysbench_tps() {
  cd "$SBTLS"
  "${SB[@]}" --threads="$CLIENTS" --time="$SECONDS_PER_RUN" "$@" run > "$WORK/sysbench.out" 2>&1
  awk '/queries:/ {print $2; exit}' "$WORK/sysbench.out" > "$WORK/sysbench.statements"
  awk '/transactions:/ {gsub(/\(/, "", $3); printf "%.1f\n", $3; exit}' "$WORK/sysbench.out"
  cd "$ROOT"
}

# CPU snapshots of Gatehouse's processes (agent, proxy, gate's listener, auth) around a run, and
# their CPU per 1,000 statements after it: where the time of the Gatehouse path goes.
AUTH_PID=$(cat "$STATE/auth.pid")
PROXY_PID=$(cat "$STATE/proxy.pid")
cpu_snapshot() { local p; for p in "$AGENT_PID" "$PROXY_PID" "$1" "$AUTH_PID"; do cpu_ticks "$p"; done | xargs; }
cpu_per_thousand() {  # BEFORE AFTER STATEMENTS
  awk -v b="$1" -v a="$2" -v q="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " "); split("agent proxy gate auth", n, " ")
    for (i = 1; i <= 4; i++) printf "%s%s %.0f ms", (i > 1 ? ", " : ""), n[i], (q > 0 ? (y[i] - x[i]) / hz * 1000 * 1000 / q : 0)
    printf "\n" }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# The Gatehouse path is three JVMs whose JIT compiles the relay as it runs (the agent's C2 alone
# takes a while): a warm-up of each workload first, so the figures are the steady state a
# long-running proxy has, not its first seconds (PostgreSQL's caches are warm for the direct run too).
WARMUP=${BENCH_WARMUP:-10}
if [ "$WARMUP" -gt 0 ]; then
  echo "   (warming up the Gatehouse path: ${WARMUP}s of each workload, not counted)"
  SECONDS_SAVED=$SECONDS_PER_RUN
  SECONDS_PER_RUN=$WARMUP
  pgbench_tps "$GATEHOUSE_PG" >/dev/null
  pgbench_tps "$GATEHOUSE_PG" -C >/dev/null
  sysbench_tps --mysql-port="$GH_MY_PORT" --mysql-ssl=off >/dev/null
  SECONDS_PER_RUN=$SECONDS_SAVED
fi

echo
echo "-- pgbench -S (select-only, one connection per client for the whole run)"
direct=$(pgbench_tps "$DIRECT_PG")
if [ -n "${BENCH_JFR:-}" ]; then  # BENCH_JFR=DIR: profiles of the agent and the proxy during the Gatehouse run
  for p in $(pgrep -f "agent-db/agent.yaml" | head -3) $(cat "$STATE/proxy.pid"); do
    jcmd "$p" JFR.start name=bench settings=profile filename="$BENCH_JFR/$p.jfr" >/dev/null 2>&1 || true
  done
fi
ticks0=$(cpu_snapshot "$GATE_PG_PID")
gh=$(pgbench_tps "$GATEHOUSE_PG")
ticks1=$(cpu_snapshot "$GATE_PG_PID")
if [ -n "${BENCH_JFR:-}" ]; then
  for p in $(pgrep -f "agent-db/agent.yaml" | head -3) $(cat "$STATE/proxy.pid"); do
    jcmd "$p" JFR.stop name=bench >/dev/null 2>&1 || true
  done
fi
pgb=$(pgbench_tps "$PGBOUNCER_PG")
printf '   %-34s %10s TPS\n' "direct (TLS)" "$direct" "Gatehouse (gate proxy db --tunnel)" "$gh" "PgBouncer (TLS both hops)" "$pgb"
echo "   ratio Gatehouse/direct: $(ratio "$gh" "$direct") (target >= 0.5); PgBouncer/direct: $(ratio "$pgb" "$direct")"
queries=$(awk -v t="$gh" -v s="$SECONDS_PER_RUN" 'BEGIN {printf "%d", t * s}')
echo "   CPU per 1,000 queries ($queries queries): $(cpu_per_thousand "$ticks0" "$ticks1" "$queries")"

echo
echo "-- pgbench -S -C (a new connection per transaction: login, TLS, routing every time)"
direct=$(pgbench_tps "$DIRECT_PG" -C)
gh=$(pgbench_tps "$GATEHOUSE_PG" -C)
pgb=$(pgbench_tps "$PGBOUNCER_PG" -C)
printf '   %-34s %10s connections/s\n' "direct (TLS)" "$direct" "Gatehouse (gate proxy db --tunnel)" "$gh" \
  "PgBouncer (TLS both hops)" "$pgb"
echo "   Gatehouse: $gh new connections/s (target >= 100/s on $(nproc) cores); ratio to direct $(ratio "$gh" "$direct")"

echo
echo "-- sysbench oltp_read_only on MariaDB (4 tables x 20,000 rows)"
direct=$(sysbench_tps --mysql-port="$MY_PORT" --mysql-ssl=on)
ticks0=$(cpu_snapshot "$GATE_MY_PID")
gh=$(sysbench_tps --mysql-port="$GH_MY_PORT" --mysql-ssl=off)
ticks1=$(cpu_snapshot "$GATE_MY_PID")
statements=$(cat "$WORK/sysbench.statements")
printf '   %-34s %10s transactions/s\n' "direct (TLS)" "$direct" "Gatehouse (gate proxy db --tunnel)" "$gh"
echo "   ratio Gatehouse/direct: $(ratio "$gh" "$direct") (target >= 0.5)"
echo "   CPU per 1,000 statements ($statements statements): $(cpu_per_thousand "$ticks0" "$ticks1" "$statements")"
