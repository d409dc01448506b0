# Shared helpers for deploy/*.sh (sourced, not run).

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

say() { echo "gatehouse: $*"; }
die() { echo "gatehouse: ERROR: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

# Creates an ordinary local user with a stock home unless it exists (tests and benchmarks log in
# to their nodes as such a user, never as root, so root's own shell start-up files don't matter).
# Password '*' (none can match) rather than useradd's locked '!': sshd refuses a locked account even
# for key logins, and the benchmarks' baseline sshd must accept this user.
ensure_local_login() {
  id "$1" >/dev/null 2>&1 \
    || as_root useradd --create-home --shell /bin/bash --password '*' --comment "Gatehouse $1" "$1"
}

# Installs Debian packages that are missing (by command name → package name pairs).
need_packages() {
  local missing=() cmd pkg
  while [ $# -gt 0 ]; do
    cmd=$1 pkg=$2; shift 2
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The JDK's release file when it has one: starting a JVM to ask costs ~0.1 s of every agent start.
java_major() {
  local release
  release=$(dirname "$1")/../release
  if grep -qs '^JAVA_VERSION="[0-9]' "$release"; then
    grep '^JAVA_VERSION=' "$release" | cut -d'"' -f2 | cut -d. -f1
  else
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
  fi
}

# Sets JAVA_HOME to a JDK 21 or newer.
pick_java() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64)
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/javac" ] && [ "$(java_major "$c/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME=$c
      return
    fi
  done
  die "Gatehouse needs a JDK 21 or newer (found none under \$JAVA_HOME or /usr/lib/jvm). Install one (e.g. Temurin 21/25 from adoptium.net) and set JAVA_HOME."
}

# JVM options every proxy launch uses (quickstart, benches). The logger provider keeps SLF4J
# loggers by name: MINA asks for one per future (see proxy/.../logging/CachingLoggerProvider).
PROXY_JAVA_OPTS=(-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED
  -Dslf4j.provider=io.gatehouse.proxy.logging.CachingLoggerProvider -Dslf4j.internal.verbosity=WARN)
