# Shared helpers for the SSH benchmarks in bench/ (sourced, not run).
#
#   bench_init NAME              work dir $WORK (removed on exit), JDK, cleanup trap
#   bench_start_cluster          fresh database + deploy/quickstart.sh (auth, proxy, one tunnel agent),
#                                user "bench" (login $BENCH_LOGIN, default gatehouse-bench), its certificate and
#                                OpenSSH config; sets STATE, GH_CFG, GH_HOST (LOGIN@benchnode.CLUSTER)...
#   bench_start_sshd NAME        a private OpenSSH sshd on a free loopback port; sets SSHD_PORT, SSHD_PID
#   bench_openssh_config         OpenSSH config $OS_CFG with hosts "direct" (private sshd) and
#                                "jumped" (the same sshd through a second private sshd, ssh -J)
#   median / percentile / rss_kib / cpu_ticks[_all]   small measuring helpers
#
# Everything runs on 127.0.0.1 with free ports, so it coexists with a running quickstart.
# deploy/quickstart.sh rebuilds when sources are newer than the build; BENCH_NO_BUILD=1 refuses instead.
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/common.sh"
ROOT=$(repo_root)
SSHD=${SSHD:-/usr/sbin/sshd}
NODE_NAME=benchnode
# The login used on the node and on the private sshds. Note that each command's time includes the
# login's shell start-up (a login shell on a Gatehouse node, `bash -c` under sshd).
LOGIN=${BENCH_LOGIN:-gatehouse-bench}
ensure_local_login "$LOGIN"
_BENCH_PIDS=()
_BENCH_DB=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# A distinct free port (the kernel could hand out the same one twice in a row).
_ports_taken=" "
fresh_port() {
  local p
  while :; do
    p=$(free_port)
    case "$_ports_taken" in *" $p "*) continue ;; esac
    _ports_taken+="$p "
    echo "$p"
    return
  done
}

_pg() {
  local pw=${GATEHOUSE_PG_PASSWORD:-}
  [ -n "${GATEHOUSE_PG_PASSWORD_FILE:-}" ] && pw=$(cat "$GATEHOUSE_PG_PASSWORD_FILE")
  PGPASSWORD=$pw psql -X -q -v ON_ERROR_STOP=1 \
    -h "$GATEHOUSE_PG_HOST" -p "$GATEHOUSE_PG_PORT" -U "$GATEHOUSE_PG_USER" "$@"
}

bench_cleanup() {
  local rc=$? pid
  set +e
  # Sessions, ssh clients and private sshds first, then the cluster, then the database.
  for pid in "${_BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${_BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "${STATE:-}" ] && [ -d "$STATE" ]; then
    # GATEHOUSE_PG_HOST is exported, so stop leaves PostgreSQL itself alone.
    GATEHOUSE_QUICKSTART_DIR=$STATE deploy_quickstart stop >/dev/null 2>&1
    if [ "${BENCH_KEEP_LOGS:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
      mkdir -p "/tmp/gatehouse-bench-logs"
      cp "$STATE"/*.log "/tmp/gatehouse-bench-logs/" 2>/dev/null \
        && echo "(Gatehouse logs kept in /tmp/gatehouse-bench-logs/)" >&2
    fi
  fi
  if [ -n "$_BENCH_DB" ]; then
    _pg -d postgres -c "DROP DATABASE IF EXISTS $_BENCH_DB WITH (FORCE)" >/dev/null 2>&1
  fi
  [ -n "${WORK:-}" ] && rm -rf "$WORK"
  return "$rc"
}

deploy_quickstart() { "$ROOT/deploy/quickstart.sh" "$@"; }

bench_init() {
  pick_java
  cd "$ROOT"
  [ -f auth/target/quarkus-app/quarkus-run.jar ] && [ -f proxy/target/quarkus-app/quarkus-run.jar ] \
    && [ -f agents/target/quarkus-app/quarkus-run.jar ] && [ -d cli/target/lib ] \
    || die "Gatehouse is not built: run ./mvnw -q package -DskipTests first"
  [ -x "$SSHD" ] || [ "$SSHD" != /usr/sbin/sshd ] || need_packages sshd openssh-server
  [ -x "$SSHD" ] || die "$SSHD is missing (apt-get install openssh-server)"
  WORK=$(mktemp -d "/tmp/gatehouse-bench-$1.XXXXXX")
  chmod 711 "$WORK" # private files stay 0600; sshd reads authorized_keys as a non-root BENCH_LOGIN
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Prints the first source file newer than its module's build (what makes deploy/quickstart.sh run
# ./mvnw package before starting), or nothing.
stale_source() {
  local module artifact newer
  for module in auth:auth/target/quarkus-app/quarkus-run.jar proxy:proxy/target/quarkus-app/quarkus-run.jar \
      agents:agents/target/quarkus-app/quarkus-run.jar cli:cli/target/gatehouse-cli-0.1.0-SNAPSHOT.jar; do
    artifact=$ROOT/${module#*:}
    [ -f "$artifact" ] || { echo "$artifact (missing)"; return; }
    # First hit only, without a pipe into head: under pipefail its SIGPIPE would end the benchmark.
    newer=$(find "$ROOT/${module%%:*}/src/main" "$ROOT/src-shared/src/main" -newer "$artifact" -type f -print -quit)
    if [ -n "$newer" ]; then echo "$newer"; return; fi
  done
  return 0
}

bench_start_cluster() {
  local stale
  stale=$(stale_source)
  if [ -n "$stale" ]; then
    # BENCH_NO_BUILD=1: measure nothing rather than let quickstart run Maven (shared checkouts).
    [ "${BENCH_NO_BUILD:-0}" = 1 ] && die "sources changed since the last build ($stale); build first" \
      "(./mvnw -q package -DskipTests) or unset BENCH_NO_BUILD to let deploy/quickstart.sh build"
    echo "   sources changed since the last build ($stale): deploy/quickstart.sh builds first"
  fi
  STATE=$WORK/qs
  AUTH_PORT=$(fresh_port) WEB_PORT=$(fresh_port) PROXY_SSH_PORT=$(fresh_port) TUNNEL_PORT=$(fresh_port)
  WEB_INTERNAL_PORT=$(fresh_port)
  eval "$("$ROOT/deploy/postgres.sh" ensure "$WORK/pg")"
  _BENCH_DB=gh_bench_$$_$RANDOM
  _pg -d postgres -c "CREATE DATABASE $_BENCH_DB" >/dev/null
  export GATEHOUSE_PG_DATABASE=$_BENCH_DB
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  GATEHOUSE_QUICKSTART_DIR=$STATE GATEHOUSE_AUTH_PORT=$AUTH_PORT GATEHOUSE_PROXY_WEB_PORT=$WEB_PORT \
    GATEHOUSE_PROXY_SSH_PORT=$PROXY_SSH_PORT GATEHOUSE_PROXY_TUNNEL_PORT=$TUNNEL_PORT \
    GATEHOUSE_PROXY_WEB_INTERNAL_PORT=$WEB_INTERNAL_PORT \
    GATEHOUSE_NODE_NAME=$NODE_NAME deploy_quickstart > "$WORK/quickstart.out" 2>&1 \
    || { cat "$WORK/quickstart.out" >&2; die "deploy/quickstart.sh failed"; }
  local gatectl=(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" bin/gatectl)
  "${gatectl[@]}" users add bench --roles=access --logins="$LOGIN" >/dev/null
  "${gatectl[@]}" auth sign --user=bench --ttl=1h --out="$WORK/bench" >/dev/null
  CLUSTER=$("${gatectl[@]}" status | awk -F': *' '/^Cluster:/ {print $2; exit}')
  [ -n "$CLUSTER" ] || die "gatectl status printed no Cluster: line"
  GH_CFG=$WORK/gatehouse.ssh_config
  GATE_HOME=$WORK/gate bin/gate config -i "$WORK/bench" --proxy="127.0.0.1:$WEB_PORT" > "$GH_CFG"
  GH_HOST=$LOGIN@$NODE_NAME.$CLUSTER
  # The node must be reachable before anything is measured (its tunnel is up once quickstart returns).
  # BENCH_PROBE=0 skips that first connection (for measuring an agent that served no session yet).
  [ "${BENCH_PROBE:-1}" = 0 ] && return
  local i
  for i in $(seq 1 20); do
    ssh -F "$GH_CFG" -o BatchMode=yes "$GH_HOST" true 2>/dev/null && return
    sleep 0.5
  done
  ssh -F "$GH_CFG" -o BatchMode=yes "$GH_HOST" true
}

# bench_start_ports_agent NAME: a second agent on this machine whose tunnel dials the proxy's
# dedicated tunnel port (:3024 in production) instead of the web port, and an OpenSSH config
# $GH_PORTS_CFG whose jump hop uses the dedicated SSH port: the path before TLS routing, measured
# beside the default one. Sets PORTS_AGENT_PID and GH_PORTS_HOST.
bench_start_ports_agent() {
  local name=$1 dir=$WORK/agent-$1 token i
  local gatectl=(env GATECTL_AUTH="127.0.0.1:$AUTH_PORT" GATECTL_IDENTITY="$STATE/auth/admin.identity" bin/gatectl)
  mkdir -p "$dir"
  chmod 700 "$dir"
  token=$("${gatectl[@]}" tokens add --type=node --names="$name" --ttl=1h | awk '/token:/ {print $NF; exit}')
  [ -n "$token" ] || die "gatectl tokens add printed no token"
  (umask 077; printf '%s' "$token" > "$dir/join-token")
  sed -e "s/^node_name: .*/node_name: $name/" -e "s#^data_dir: .*#data_dir: $dir/data#" \
    -e "s#^token_file: .*#token_file: $dir/join-token#" "$STATE/agent.yaml" > "$dir/agent.yaml"
  echo "tunnel_addr: 127.0.0.1:$TUNNEL_PORT" >> "$dir/agent.yaml"
  "$ROOT/deploy/agent.sh" --config "$dir/agent.yaml" > "$dir/agent.log" 2>&1 &
  PORTS_AGENT_PID=$!
  _BENCH_PIDS+=("$PORTS_AGENT_PID")
  GH_PORTS_CFG=$WORK/gatehouse-ports.ssh_config
  awk -v port="$PROXY_SSH_PORT" '/ProxyCommand/ {next} /^ *Port / && !done {print "    Port " port; done=1; next} {print}' \
    "$GH_CFG" > "$GH_PORTS_CFG"
  GH_PORTS_HOST=$LOGIN@$name.$CLUSTER
  for i in $(seq 1 60); do
    ssh -F "$GH_PORTS_CFG" -o BatchMode=yes "$GH_PORTS_HOST" true 2>/dev/null && return
    sleep 0.5
  done
  cat "$dir/agent.log" >&2
  die "the second agent '$name' did not come up through the tunnel port"
}

# bench_start_sshd NAME: sshd with its own host key; logins by $WORK/id_ed25519 only (StrictModes=no:
# the files live under /tmp, which sshd would reject as world-writable).
bench_start_sshd() {
  local name=$1 dir=$WORK/sshd-$1
  mkdir -p "$dir" /run/sshd
  chmod 711 "$dir"
  [ -f "$WORK/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C bench -f "$WORK/id_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$dir/host_ed25519"
  cp "$WORK/id_ed25519.pub" "$dir/authorized_keys"
  chmod 644 "$dir/authorized_keys"
  SSHD_PORT=$(fresh_port)
  "$SSHD" -D -e -f /dev/null -h "$dir/host_ed25519" -o Port="$SSHD_PORT" -o ListenAddress=127.0.0.1 \
    -o AuthorizedKeysFile="$dir/authorized_keys" -o PidFile=none -o PermitRootLogin=prohibit-password \
    -o StrictModes=no -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
    2> "$dir/sshd.log" &
  SSHD_PID=$!
  _BENCH_PIDS+=($!)
  echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" >> "$WORK/known_hosts"
  local i
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SSHD_PORT") 2>/dev/null && return
    sleep 0.1
  done
  cat "$dir/sshd.log" >&2
  die "sshd $name did not start"
}

# Hosts "direct" (target sshd) and "jumped" (target sshd via ssh -J through the jump sshd), with
# the same client defaults (ciphers, MACs, KEX) as the Gatehouse config: nothing is overridden.
bench_openssh_config() {
  bench_start_sshd target
  local target=$SSHD_PORT
  TARGET_SSHD_PID=$SSHD_PID
  bench_start_sshd jump
  local jump=$SSHD_PORT
  JUMP_SSHD_PID=$SSHD_PID
  OS_CFG=$WORK/openssh.ssh_config
  cat > "$OS_CFG" <<CFG
Host direct jumped
    HostName 127.0.0.1
    Port $target
Host jumphost
    HostName 127.0.0.1
    Port $jump
Host jumped
    ProxyJump jumphost
Host *
    User $LOGIN
    IdentityFile $WORK/id_ed25519
    IdentitiesOnly yes
    UserKnownHostsFile $WORK/known_hosts
    GlobalKnownHostsFile /dev/null
    StrictHostKeyChecking yes
    PasswordAuthentication no
    KbdInteractiveAuthentication no
CFG
  ssh -F "$OS_CFG" -o BatchMode=yes direct true
  ssh -F "$OS_CFG" -o BatchMode=yes jumped true
}

# The cipher each hop negotiated (from ssh -v), e.g. "chacha20-poly1305@openssh.com".
negotiated_ciphers() {
  ssh -v "$@" true 2>&1 | awk '/kex: client->server cipher:/ {print $5" (MAC "$7")"}' | paste -sd, - | sed 's/,/, /g'
}

now() { echo "${EPOCHREALTIME/,/.}"; }

# Prints a warning when something else keeps the machine busy too (1-minute load above twice the
# cores; the benchmark alone keeps about one runnable process per core).
busy_warning() {
  awk -v n="$(nproc)" '{ if ($1 > 2 * n) printf "NOTE: the machine is busy (load average %s on %d cores, not only this benchmark):" \
    " wall-clock figures and their ratios are unreliable; CPU time per unit is the steadier measure.\n", $1, n }' /proc/loadavg
}

# median / percentile P over numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
percentile() { sort -g | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.999999); if (i<1) i=1; print a[i]}'; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# CPU time (user+system) of a process and its threads, in clock ticks.
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# The same plus what its children that it has reaped used (an sshd listener's connections, the
# agent's session processes, a shell's pipelines).
cpu_ticks_all() { awk '{print $14+$15+$16+$17}' "/proc/$1/stat"; }
TICKS=$(getconf CLK_TCK)
