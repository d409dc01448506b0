#!/usr/bin/env bash
# Runs a Gatehouse agent in the foreground (systemd, or by hand):
#   deploy/agent.sh --config /etc/gatehouse/agent.yaml
# Every setting is explained in deploy/examples/agent.yaml. The JVM is small on purpose: an agent
# runs on every host (docs/architecture.md, "The agent process", has the measured RSS and start-up).
#
# JDK 25+: the first start of a build records an AOT cache (JEP 483/514) in a training run that
# starts the agent with the same config until it is ready, then exits (its log:
# quarkus-app/gatehouse-agent.aot.log); every later start loads its classes from the cache.
# GATEHOUSE_AGENT_AOT=off starts without it (and records none).
# GATEHOUSE_AGENT_HEAP sets the maximum heap (default 48m).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(repo_root)
pick_java
APP=$ROOT/agents/target/quarkus-app
[ -f "$APP/quarkus-run.jar" ] || die "the agent is not built yet: run ./mvnw -q package -DskipTests in $ROOT"

# SerialGC and a small heap: an idle agent holds a few MiB of live objects. C1 only
# (TieredStopAtLevel=1): the agent relays bytes and waits on the network; C2's compiler threads and
# its code cost more memory than they win. Small stacks and one glibc malloc arena per core at most.
# TrimNativeHeapInterval hands malloc's freed start-up memory back (about 6 MiB at idle). MINA's
# Bouncy Castle provider stays off: every algorithm the agent uses (EC keys and certificates,
# X25519/sntrup KEX, AES-GCM; ChaCha20 is MINA's own) comes from the JDK, and registering the
# provider loaded about 7.5 MiB of classes (both measured with bench/agent-memory.sh's RSS).
# C2 only, no tiers: C2 is what turns AES-GCM and GHASH into the CPU's instructions (a C1-only
# agent spent 85-92 CPU s per GB on SSH encryption in bench/ssh-throughput.sh, against 6-8 with
# C2), and without tiered compilation's C1 profiles the idle agent holds 5 MiB less (94 against 99
# MiB); start-up to "tunnel up" stays near 1.3 s with the AOT cache.
JVM=(-Xmx${GATEHOUSE_AGENT_HEAP:-48m} -Xms8m -XX:+UseSerialGC -Xss256k -XX:-TieredCompilation
  -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -XX:CICompilerCount=1 -XX:-UsePerfData
  -XX:TrimNativeHeapInterval=10000 -Dorg.apache.sshd.security.provider.BC.enabled=false
  --enable-native-access=ALL-UNNAMED)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# Prints the AOT cache to use (training it first when this build and JDK have none yet), or nothing.
aot_cache() {
  [ "${GATEHOUSE_AGENT_AOT:-on}" != off ] || return 0
  local cache=$APP/gatehouse-agent.aot stamp version
  # From the JDK's release file: starting a JVM to ask would cost start-up time at every start.
  version=$(grep -s '^JAVA_RUNTIME_VERSION=' "$JAVA_HOME/release" | cut -d'"' -f2 || true)
  [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null || return 0
  stamp=$(cat "$cache.jdk" 2>/dev/null || true)
  # A cache is good for one build and one JDK: a newer jar or another java makes it stale.
  if [ -f "$cache" ] && [ "$stamp" = "$version" ] && [ -z "$(find "$APP" -name '*.jar' -newer "$cache" -print -quit)" ]; then
    echo "$cache"
    return 0
  fi
  [ -w "$APP" ] || return 0 # an install the agent's user may not write to: run without one
  # One training at a time; an agent that finds another one training starts without the cache.
  exec 9> "$APP/gatehouse-agent.aot.lock"
  flock -n 9 || return 0
  rm -f "$cache" "$cache.jdk"
  if "$JAVA_HOME/bin/java" "${JVM[@]}" -XX:AOTCacheOutput="$cache.tmp" -jar "$APP/quarkus-run.jar" "$@" \
      --exit-when-ready > "$cache.log" 2>&1 && [ -f "$cache.tmp" ]; then
    mv "$cache.tmp" "$cache"
    echo "$version" > "$cache.jdk"
    echo "$cache"
  else
    # Not ready (auth down, a refused join...): start without the cache; the real run says why.
    rm -f "$cache.tmp"
  fi
  exec 9>&-
}

CACHE=$(aot_cache "$@")
exec "$JAVA_HOME/bin/java" "${JVM[@]}" ${CACHE:+-XX:AOTCache="$CACHE"} -jar "$APP/quarkus-run.jar" "$@"
