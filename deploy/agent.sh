#!/usr/bin/env bash
# Runs a Gatehouse agent in the foreground (systemd, or by hand):
#   deploy/agent.sh --config /etc/gatehouse/agent.yaml
# Every setting is explained in deploy/examples/agent.yaml. The heap is small on purpose: an
# agent runs on every host (see docs/architecture.md for the measured RSS).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOT=$(repo_root)
pick_java
[ -d "$ROOT/agents/target/lib" ] || die "the agent is not built yet: run ./mvnw -q package -DskipTests in $ROOT"
exec "$JAVA_HOME/bin/java" -Xmx${GATEHOUSE_AGENT_HEAP:-64m} -Xss512k -XX:+UseSerialGC \
  -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m \
  --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=WARN \
  -cp "$ROOT/agents/target/gatehouse-agents-0.1.0-SNAPSHOT.jar:$ROOT/agents/target/lib/*" \
  io.gatehouse.agent.Main "$@"
