#!/usr/bin/env bash
# Reproduces the failover figures of BENCHMARKS.md: how long token commands fail or stall when one
# of two instances stops. Starts A = ./run-local (embedded PostgreSQL + Kafka, dev OIDC) on
# BENCH_PORT (default 8089); bench/Failover.java then starts B = the packaged application on
# BENCH_PORT+1 again and again, loads A with creates and stops B: first by SIGKILL, then by SIGTERM.
#   bench/run-failover.sh [--smoke] [kill|graceful|all]   (default all)
# --smoke runs one cycle of each with a short observation and reuses an existing package: the build
# runs it (BenchScriptsIT) so that this script cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
what="${1:-all}"
if [ -n "$smoke" ]; then cycles=1 observe_kill=12 observe_graceful=3; else cycles=10 observe_kill=15 observe_graceful=8; fi
port_a="${BENCH_PORT:-8089}"
port_b=$((port_a + 1))
export QUARKUS_HTTP_PORT=$port_a PATROL_LOCAL_DATA
unset QUARKUS_DATASOURCE_REACTIVE_URL KAFKA_BOOTSTRAP_SERVERS
PATROL_LOCAL_DATA=$(mktemp -d "${TMPDIR:-/tmp}/patrol-bench-XXXXXX"); chmod 755 "$PATROL_LOCAL_DATA"
if [ -z "$smoke" ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
runner=""
stop() {
  local status=$?
  if [ -n "$runner" ]; then kill -TERM "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; fi
  rm -rf "$PATROL_LOCAL_DATA"
  exit $status
}
trap stop EXIT
log=target/bench-failover-a.log
./run-local > "$log" 2>&1 &
runner=$!
for _ in $(seq 1 600); do
  grep -q "Patrol is ready" "$log" 2>/dev/null && break
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.5
done
grep -q "Patrol is ready" "$log" || { cat "$log"; exit 1; }
oidc=$(sed -n 's/.*Dev OIDC provider: \(http[^ ]*\).*/\1/p' "$log")
prop() { sed -n "s/^$1=//p" target/run-local-infra.ready | sed 's/\\\(.\)/\1/g'; }
# Instance B's environment (Failover.java passes it on and sets the port).
export QUARKUS_OIDC_AUTH_SERVER_URL="$oidc" QUARKUS_OIDC_CLIENT_ID=quarkus-app QUARKUS_LOG_LEVEL=WARN
export QUARKUS_DATASOURCE_REACTIVE_URL QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD KAFKA_BOOTSTRAP_SERVERS
QUARKUS_DATASOURCE_REACTIVE_URL="$(prop 'quarkus\.datasource\.reactive\.url')"
QUARKUS_DATASOURCE_USERNAME="$(prop 'quarkus\.datasource\.username')"
QUARKUS_DATASOURCE_PASSWORD="$(prop 'quarkus\.datasource\.password')"
KAFKA_BOOTSTRAP_SERVERS="$(prop 'kafka\.bootstrap\.servers')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "projector: session timeout ${PATROL_PROJECTION_SESSION_TIMEOUT:-PT6S}, heartbeat ${PATROL_PROJECTION_HEARTBEAT_INTERVAL:-PT1S}, cooperative-sticky assignment; write projection timeout ${PATROL_WRITE_PROJECTION_TIMEOUT:-5S}"
if [ "$what" = kill ] || [ "$what" = all ]; then
  java bench/Failover.java "http://localhost:$port_a" "$oidc" "$port_b" kill "$cycles" "$observe_kill"
fi
if [ "$what" = graceful ] || [ "$what" = all ]; then
  java bench/Failover.java "http://localhost:$port_a" "$oidc" "$port_b" graceful "$cycles" "$observe_graceful"
fi
