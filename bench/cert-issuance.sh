#!/usr/bin/env bash
# Certificate issuance benchmark (issue "Foundation"). Prints:
#  (a) SSH+X.509 pairs/s signed in-process, 1 thread and all cores, beside raw ECDSA signatures/s;
#  (b) pairs/s end to end through the mutual-TLS API with the audit event committed, beside
#      GET /v1/status/s over the same connections.
# Usage: bench/cert-issuance.sh [SECONDS] [CONCURRENCY]     (not a test; nothing asserts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/common.sh"
ROOT=$(repo_root)
SECONDS_EACH=${1:-10}
CONCURRENCY=${2:-16}
pick_java
cd "$ROOT"
./mvnw -B -q package -DskipTests
source "$ROOT/bench/classpath.sh"
SHARED_CP=$(bench_classpath src-shared)
DRIVER_CP=$(bench_classpath e2e-tests)
JAVA=("$JAVA_HOME/bin/java" -Xmx1g -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider)

echo "== (a) in-process signing"
"${JAVA[@]}" -cp "src-shared/target/test-classes:src-shared/target/classes:$SHARED_CP" \
  io.gatehouse.shared.cert.bench.CertSigningBench "$SECONDS_EACH"

echo "== (b) end to end through the auth API"
STATE=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
eval "$(deploy/postgres.sh ensure "$ROOT/.test-state")"
DB=gh_bench_$$
PGPASSWORD=$(cat "$GATEHOUSE_PG_PASSWORD_FILE") psql -q -h "$GATEHOUSE_PG_HOST" -p "$GATEHOUSE_PG_PORT" \
  -U "$GATEHOUSE_PG_USER" -d postgres -c "CREATE DATABASE $DB"
cleanup() {
  GATEHOUSE_QUICKSTART_DIR=$STATE GATEHOUSE_AUTH_PORT=$PORT deploy/quickstart.sh stop >/dev/null 2>&1 || true
  PGPASSWORD=$(cat "$GATEHOUSE_PG_PASSWORD_FILE") psql -q -h "$GATEHOUSE_PG_HOST" -p "$GATEHOUSE_PG_PORT" \
    -U "$GATEHOUSE_PG_USER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$STATE"
}
trap cleanup EXIT
export GATEHOUSE_QUICKSTART_DIR=$STATE GATEHOUSE_AUTH_PORT=$PORT GATEHOUSE_PG_DATABASE=$DB
deploy/quickstart.sh >/dev/null
GATECTL_AUTH=127.0.0.1:$PORT GATECTL_IDENTITY=$STATE/auth/admin.identity \
  bin/gatectl users add bench --roles=access --logins=bench >/dev/null
"${JAVA[@]}" -cp "e2e-tests/target/test-classes:$DRIVER_CP" \
  io.gatehouse.e2e.bench.ApiIssuanceBench "$PORT" "$STATE/auth/admin.identity" bench "$SECONDS_EACH" "$CONCURRENCY"
EVENTS=$(PGPASSWORD=$(cat "$GATEHOUSE_PG_PASSWORD_FILE") psql -tAq -h "$GATEHOUSE_PG_HOST" -p "$GATEHOUSE_PG_PORT" \
  -U "$GATEHOUSE_PG_USER" -d "$DB" -c "SELECT count(*) FROM audit_events WHERE type='cert.create'")
echo "audit events written for issued certificates: $EVENTS"
