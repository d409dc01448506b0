# Sourced by the benchmarks that run a Java driver from a module's test classes.
# bench_classpath MODULE: compiles MODULE's tests together with the project's own modules from this
# checkout (the reactor, never ~/.m2, which only `mvnw install` fills: a fresh clone after the
# quickstart has nothing there) and prints MODULE's test classpath. Incremental: quick when built.
bench_classpath() {
  local out
  out=$(mktemp "/tmp/gatehouse-bench-classpath.XXXXXX")
  ./mvnw -B -q -pl "$1" -am -DskipWebUi -DskipWebUiTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$out" -Dmdep.includeScope=test >&2
  cat "$out"
  rm -f "$out"
}
