#!/usr/bin/env bash
# Runs every test: unit tests, Quarkus tests against a real PostgreSQL, and the end-to-end
# scenarios in e2e-tests/ that start real processes and use real clients (ssh-keygen, openssl).
# Installs what it needs (Debian packages, a private PostgreSQL) first. Extra arguments go to Maven.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(repo_root)
started=$(date +%s)

need_packages openssl openssl ssh-keygen openssh-client ssh openssh-client curl curl psql postgresql-client \
  asciinema asciinema script bsdutils unshare util-linux
# The browser scenarios drive Debian's Chromium through Playwright; the web UI is built with the
# machine's Node.js and npm (never a downloaded Node).
need_packages chromium chromium node nodejs npm npm
# The e2e scenarios start private OpenSSH servers (an impostor node; the benchmarks' baseline).
[ -x /usr/sbin/sshd ] || need_packages sshd openssh-server
# The file-transfer scenarios copy with rsync too (it must be on both ends; the node is this host).
need_packages rsync rsync
# Keys gate writes are checked with other SSH clients' key readers (e2e KeyReaders): PuTTY's
# puttygen and Python's paramiko, so the check never falls back to skipping on a fresh machine.
need_packages puttygen putty-tools
python3 -c 'import paramiko' 2>/dev/null || /usr/bin/python3 -c 'import paramiko' 2>/dev/null \
  || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-paramiko >/dev/null
# The scenarios log in to their nodes as an ordinary local user with a stock home, never as root:
# a test must not depend on (or be slowed by) what root's own shell start-up files do.
export GATEHOUSE_E2E_LOGIN=gatehouse-e2e
ensure_local_login "$GATEHOUSE_E2E_LOGIN"
pick_java
say "JDK: $JAVA_HOME"
eval "$("$ROOT/deploy/postgres.sh" ensure "$ROOT/.test-state")"
export GATEHOUSE_TEST_PG_HOST=$GATEHOUSE_PG_HOST
export GATEHOUSE_TEST_PG_PORT=$GATEHOUSE_PG_PORT
export GATEHOUSE_TEST_PG_USER=$GATEHOUSE_PG_USER
if [ -n "${GATEHOUSE_PG_PASSWORD_FILE:-}" ]; then
  GATEHOUSE_TEST_PG_PASSWORD=$(cat "$GATEHOUSE_PG_PASSWORD_FILE")
  export GATEHOUSE_TEST_PG_PASSWORD
fi
# The database protocol readers are checked between real clients and a real MariaDB (private, port 13306).
eval "$("$ROOT/deploy/mariadb.sh" ensure "$ROOT/.test-state")"

# The SSO scenarios log in through a real Keycloak (deploy/keycloak.sh; cached after the first run).
"$ROOT/deploy/keycloak.sh" start "$ROOT/.test-state/keycloak"
# The desktop scenario connects to a real xrdp (deploy/xrdp.sh: TLS on 127.0.0.1:3389, a local
# user with two xterms and twm); the RDP engine's own integration test uses it too.
export GATEHOUSE_E2E_XRDP_STATE="$ROOT/.test-state/xrdp"
"$ROOT/deploy/xrdp.sh" start "$GATEHOUSE_E2E_XRDP_STATE"

cd "$ROOT"
set +e
./mvnw -B verify -Drdp.skipITs=false "$@"
rc=$?
set -e
KEYCLOAK_STATE="$ROOT/.test-state/keycloak" "$ROOT/deploy/keycloak.sh" stop >/dev/null || true
"$ROOT/deploy/xrdp.sh" stop "$GATEHOUSE_E2E_XRDP_STATE" >/dev/null || true
# The database scenarios' servers (deploy/demo-db.sh, started by the scenarios themselves).
"$ROOT/deploy/demo-db.sh" stop >/dev/null 2>&1 || true
say "tests finished in $(( $(date +%s) - started )) s (exit $rc)"
exit $rc
