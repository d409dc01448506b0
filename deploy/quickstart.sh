#!/usr/bin/env bash
# Starts a working Gatehouse cluster on this machine, in .quickstart/ of the repository.
#
#   deploy/quickstart.sh          build if needed, start PostgreSQL, auth, proxy and one agent
#                                 serving SSH for this host (idempotent)
#   deploy/quickstart.sh status   show what runs
#   deploy/quickstart.sh stop     stop what the quickstart started
#   deploy/quickstart.sh reset    stop, and delete this quickstart's data (its database and .quickstart/)
#
# Database: set GATEHOUSE_PG_HOST (and _PORT, _USER, _DATABASE, _PASSWORD_FILE) to use a
# PostgreSQL you already run; otherwise a private Debian cluster is provisioned on port 15432,
# with a database of its own for each state directory (deploy/postgres.sh says why).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(repo_root)
STATE=${GATEHOUSE_QUICKSTART_DIR:-$ROOT/.quickstart}
AUTH_PORT=${GATEHOUSE_AUTH_PORT:-3025}
WEB_PORT=${GATEHOUSE_PROXY_WEB_PORT:-3080}
SSH_PORT=${GATEHOUSE_PROXY_SSH_PORT:-3023}
TUNNEL_PORT=${GATEHOUSE_PROXY_TUNNEL_PORT:-3024}
# The web UI's own HTTPS listener, on loopback behind the TLS router that owns WEB_PORT.
WEB_INTERNAL_PORT=${GATEHOUSE_PROXY_WEB_INTERNAL_PORT:-$((WEB_PORT + 1))}
# true: gate and agents reach SSH and tunnels through WEB_PORT (TLS routing); false: the separate ports.
TLS_ROUTING=${GATEHOUSE_PROXY_TLS_ROUTING:-true}
# false: the SSH and tunnel ports are not opened at all; only WEB_PORT serves them.
SEPARATE_LISTENERS=${GATEHOUSE_PROXY_SEPARATE_LISTENERS:-true}
NODE_NAME=${GATEHOUSE_NODE_NAME:-$(hostname)}
GATECTL=(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" "$ROOT/bin/gatectl")

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

build_if_needed() {
  # Rebuild when any module's sources are newer than what that module built (or nothing is built).
  local module artifact
  for module in auth:auth/target/quarkus-app/quarkus-run.jar proxy:proxy/target/quarkus-app/quarkus-run.jar \
      agents:agents/target/quarkus-app/quarkus-run.jar cli:cli/target/gatehouse-cli-0.1.0-SNAPSHOT.jar; do
    artifact=$ROOT/${module#*:}
    if [ ! -f "$artifact" ] || [ ! -x "$ROOT/bin/gatectl" ] || [ -n "$(find "$ROOT/${module%%:*}/src/main" \
        "$ROOT/src-shared/src/main" "$ROOT/web-ui/src" "$ROOT/web-ui/index.html" "$ROOT/web-ui/package.json" \
        -newer "$artifact" -type f -print -quit)" ]; then
      say "building Gatehouse (first time: a few minutes while Maven downloads dependencies)..."
      (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
      # Maven leaves an unchanged module's jar untouched: mark all as built now, or a shared source
      # newer than that jar would trigger this build at every start.
      touch "$ROOT/auth/target/quarkus-app/quarkus-run.jar" "$ROOT/proxy/target/quarkus-app/quarkus-run.jar" \
        "$ROOT/agents/target/quarkus-app/quarkus-run.jar" "$ROOT/cli/target/gatehouse-cli-0.1.0-SNAPSHOT.jar"
      return
    fi
  done
}

write_auth_config() {
  mkdir -p "$STATE/auth"
  cat > "$STATE/auth.yaml" <<YAML
# Written by deploy/quickstart.sh; every option is explained in deploy/examples/auth.yaml.
gatehouse:
  data-dir: $STATE/auth
  auth:
    listen-port: $AUTH_PORT
    public-proxy-addr: localhost:$WEB_PORT
  storage:
    host: $GATEHOUSE_PG_HOST
    port: $GATEHOUSE_PG_PORT
    database: $GATEHOUSE_PG_DATABASE
    username: $GATEHOUSE_PG_USER
    password-file: "${GATEHOUSE_PG_PASSWORD_FILE}"
YAML
  chmod 600 "$STATE/auth.yaml"
}

# wait_ready NAME PATTERN: waits until NAME's log shows PATTERN, or fails with the log's tail.
wait_ready() {
  local name=$1 pattern=$2 i
  for i in $(seq 1 120); do
    if ! running "$STATE/$name.pid"; then
      tail -n 30 "$STATE/$name.log" >&2
      die "$name exited during start-up; the log above says why"
    fi
    if grep -q "$pattern" "$STATE/$name.log"; then
      return
    fi
    sleep 0.5
  done
  tail -n 30 "$STATE/$name.log" >&2
  die "$name did not become ready within 60 s"
}

# launch NAME COMMAND...: starts a background process with its log and pid in $STATE.
launch() {
  local name=$1; shift
  : > "$STATE/$name.log"
  nohup "$@" >> "$STATE/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
  say "starting $name (pid $!, log $STATE/$name.log)..."
}

start_auth() {
  if running "$STATE/auth.pid"; then
    say "auth is already running (pid $(cat "$STATE/auth.pid"))"
    return
  fi
  write_auth_config
  launch auth env QUARKUS_CONFIG_LOCATIONS="$STATE/auth.yaml" "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC \
    -jar "$ROOT/auth/target/quarkus-app/quarkus-run.jar"
  wait_ready auth "Listening on"
}

start_proxy() {
  if running "$STATE/proxy.pid"; then
    say "proxy is already running (pid $(cat "$STATE/proxy.pid"))"
    return
  fi
  mkdir -p "$STATE/proxy"
  cat > "$STATE/proxy.yaml" <<YAML
# Written by deploy/quickstart.sh; every option is explained in deploy/examples/proxy.yaml.
gatehouse:
  proxy:
    data-dir: $STATE/proxy
    identity-file: $STATE/auth/proxy.identity
    auth-addr: 127.0.0.1:$AUTH_PORT
    web-port: $WEB_PORT
    web-internal-port: $WEB_INTERNAL_PORT
    tls-routing: $TLS_ROUTING
    separate-listeners: $SEPARATE_LISTENERS
    ssh-port: $SSH_PORT
    tunnel-port: $TUNNEL_PORT
YAML
  launch proxy env QUARKUS_CONFIG_LOCATIONS="$STATE/proxy.yaml" "$JAVA_HOME/bin/java" -Xmx512m "${PROXY_JAVA_OPTS[@]}" \
    -jar "$ROOT/proxy/target/quarkus-app/quarkus-run.jar"
  wait_ready proxy "Listening on"
}

start_agent() {
  if running "$STATE/agent.pid"; then
    say "agent is already running (pid $(cat "$STATE/agent.pid"))"
    return
  fi
  mkdir -p "$STATE/agent"
  chmod 700 "$STATE/agent"
  if [ ! -f "$STATE/agent/node.identity" ]; then
    # First start: a single-use join token and the CA pin, like `tctl tokens add --type=node`.
    local out
    out=$("${GATECTL[@]}" tokens add --type=node,db,app --single-use --ttl=10m)
    (umask 077; awk -F': *' '/^The invite token:/ {print $2}' <<<"$out" > "$STATE/agent/join-token")
    PIN=$(awk '/^CA pin:/ {print $3}' <<<"$out")
  fi
  # Tunnel mode (the default): the agent dials the proxy; its SSH service listens on loopback only.
  cat > "$STATE/agent.yaml" <<YAML
# Written by deploy/quickstart.sh; every option is explained in deploy/examples/agent.yaml.
node_name: $NODE_NAME
data_dir: $STATE/agent
proxy_addr: 127.0.0.1:$WEB_PORT
auth_addr: 127.0.0.1:$AUTH_PORT
heartbeat_interval: ${GATEHOUSE_HEARTBEAT_INTERVAL:-30s}
labels:
  env: quickstart
YAML
  if [ ! -f "$STATE/agent/node.identity" ]; then
    printf 'token_file: %s\nca_pin: "%s"\n' "$STATE/agent/join-token" "$PIN" >> "$STATE/agent.yaml"
  fi
  # A desktop to try, when a private xrdp was started for the quickstart (README: "Remote desktops").
  # Its certificate (xrdp's self-signed snakeoil) is pinned by the fingerprint deploy/xrdp.sh recorded.
  if [ -s "$STATE/xrdp/password" ] && [ ! -s "$STATE/xrdp/cert-fingerprint" ]; then
    say "not serving the quickstart desktop: no $STATE/xrdp/cert-fingerprint; run deploy/xrdp.sh start $STATE/xrdp again"
  elif [ -s "$STATE/xrdp/password" ]; then
    cat >> "$STATE/agent.yaml" <<YAML
desktops:
  - name: quickstart-desktop
    addr: 127.0.0.1:${XRDP_PORT:-3389}
    labels: {env: quickstart}
    tls: {fingerprint: "$(cat "$STATE/xrdp/cert-fingerprint")"}
    security: tls
    logins:
      ${XRDP_USER:-gatehouse-rdp}: {password_file: $STATE/xrdp/password}
YAML
  fi
  # Databases to try, when deploy/demo-db.sh set them up (README: "Databases").
  # Otherwise an empty list: the agent joins with the db role all the same, so databases added
  # later need no new join.
  if [ -s "$STATE/demo-db/databases.yaml" ]; then
    cat "$STATE/demo-db/databases.yaml" >> "$STATE/agent.yaml"
  else
    echo "databases: []" >> "$STATE/agent.yaml"
  fi
  # Apps likewise (README: "Applications"): an empty list, so the agent joins with the app role.
  if ! grep -q '^apps:' "$STATE/agent.yaml"; then
    echo "apps: []" >> "$STATE/agent.yaml"
  fi
  launch agent "$ROOT/deploy/agent.sh" --config "$STATE/agent.yaml"
  wait_ready agent "tunnel to proxy .* is up"
}

# admin_signup_link: prints the first admin's one-time signup link, which auth leaves in a private
# file (never in its log), and deletes the file: the link goes to this terminal once and nowhere else.
admin_signup_link() {
  local file=$STATE/auth/admin-signup-link
  if [ -f "$file" ]; then
    cat "$file"
    rm -f "$file"
  fi
}

print_next_steps() {
  local link
  link=$(admin_signup_link)
  echo
  say "your cluster runs: auth 127.0.0.1:$AUTH_PORT (mutual TLS), proxy https://localhost:$WEB_PORT"
  if [ "$SEPARATE_LISTENERS" = true ]; then
    say "(SSH jump host :$SSH_PORT, tunnels :$TUNNEL_PORT, and both through :$WEB_PORT by TLS routing)"
  else
    say "(SSH jump host and tunnels only through :$WEB_PORT, by TLS routing)"
  fi
  say "and the node '$NODE_NAME' (agent, through a tunnel)."
  if [ -n "$link" ]; then
    echo
    echo "  Admin signup (one-time link, shown only now; lost it? bin/gatectl users reset admin):"
    echo "    $link"
  fi
  echo
  echo "  Add a user and reach this machine as $(id -un):"
  echo "    bin/gatectl users add alice --roles=access --logins=$(id -un)     # prints alice's signup link"
  local pin
  pin=$("${GATECTL[@]}" status 2>/dev/null | awk '/^CA pin:/ {print $3}')
  echo "    bin/gate login --proxy=localhost:$WEB_PORT --user=alice --ca-pin=$pin"
  echo "    bin/gate ls"
  echo "    bin/gate ssh $(id -un)@$NODE_NAME"
  echo
  echo "  Or, with plain OpenSSH and no login (certificates for scripts):"
  echo "    bin/gatectl auth sign --user=alice --ttl=1h --out=/tmp/alice"
  echo "    bin/gatectl auth export --type=host > /tmp/cluster_known_hosts"
  echo "    ssh -i /tmp/alice -o CertificateFile=/tmp/alice-cert.pub -o UserKnownHostsFile=/tmp/cluster_known_hosts \\"
  echo "        -J alice@localhost:$SSH_PORT $(id -un)@$NODE_NAME"
  echo "    (OpenSSH passes -i/-o to the jump hop only through a config file: bin/gate config writes one.)"
  echo
  echo "  Stop everything with: deploy/quickstart.sh stop"
}

start() {
  need_packages openssl openssl ssh-keygen openssh-client curl curl
  # The web UI is built with the machine's Node.js and npm (Debian's packages; never a downloaded Node).
  need_packages node nodejs npm npm
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
  start_proxy
  start_agent
  print_next_steps
}

stop_processes() {
  local name pid
  for name in agent proxy auth; do
    if running "$STATE/$name.pid"; then
      pid=$(cat "$STATE/$name.pid")
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      say "stopped $name"
    fi
    rm -f "$STATE/$name.pid"
  done
}

stop() {
  stop_processes
  if [ -z "${GATEHOUSE_PG_HOST:-}" ]; then "$ROOT/deploy/postgres.sh" stop; fi
}

# reset: a fresh cluster on the next start. The database goes with the state directory: a key
# without its database, or a database without its key, is what a production auth refuses to start on.
reset() {
  if [ -n "${GATEHOUSE_PG_HOST:-}" ]; then
    die "GATEHOUSE_PG_HOST is set: the database '${GATEHOUSE_PG_DATABASE:-gatehouse}' is yours, not the quickstart's; \
drop it yourself, then remove $STATE"
  fi
  stop_processes
  if [ -d "$STATE" ]; then
    "$ROOT/deploy/postgres.sh" drop "$STATE"
    # A private xrdp (deploy/xrdp.sh) is a test desktop, not the cluster's data: it stays.
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name xrdp -exec rm -rf {} +
    say "removed the quickstart's data in $STATE; deploy/quickstart.sh starts a fresh cluster"
  fi
}

status() {
  local name
  for name in auth proxy agent; do
    if running "$STATE/$name.pid"; then say "$name: running (pid $(cat "$STATE/$name.pid"))"; else
      say "$name: stopped"; fi
  done
  pg_lsclusters 2>/dev/null | awk 'NR==1 || $2=="gatehouse"' || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset) reset ;;
  *) die "usage: deploy/quickstart.sh [start|status|stop|reset]" ;;
esac
