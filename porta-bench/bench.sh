#!/usr/bin/env sh
# Runs the Porta benchmark suite (see BENCHMARKS.md): installs the peer broker when it is missing,
# builds the server jar, then runs the harness pinned to CPU 1 (it pins the servers to CPU 0).
# Options go to the harness unchanged: porta-bench/bench.sh --scenarios conn --runs 1; --help lists them.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  echo "Installing mosquitto (Debian package), the peer broker..." >&2
  apt-get install -y mosquitto >&2 || { apt-get update >&2 && apt-get install -y mosquitto >&2; }
  # The package starts a system-wide broker on 1883; the harness runs its own.
  (systemctl stop mosquitto || service mosquitto stop) >/dev/null 2>&1 || true
fi
# Build the jar and the harness when missing or older than the sources (as ./porta does).
jar=porta-server/target/porta.jar
if [ ! -f "$jar" ] || [ ! -d porta-bench/target/classes ] \
   || [ -n "$(find . -path './*/src/main/*' -newer "$jar" -type f 2>/dev/null | head -1)" ] || [ pom.xml -nt "$jar" ]; then
  ./mvnw -B -o -q -DskipTests package
fi
pin=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc --all)" -ge 2 ]; then
  pin="taskset -c ${BENCH_GENERATOR_CPU:-1}"
fi
if [ "$1" = "--help" ]; then
  set -- --help x
fi
args=""
for a in "$@"; do args="$args '$a'"; done # quoted: a value may hold spaces (--server-jvm-opts)
exec $pin ./mvnw -B -o -q -pl porta-bench exec:java -Dexec.args="$args"
