#!/usr/bin/env bash
# Reproduces the lifecycle figures of BENCHMARKS.md: starts Patrol with ./run-local on a fresh data
# directory (embedded PostgreSQL + Kafka, dev mode, dev OIDC), runs the benchmarks, stops everything.
#   bench/run.sh [--smoke] [create|rebuild|all]   (default all)
# --smoke runs every step with a few seconds of load: the build runs it (BenchScriptsIT) so that
# this script cannot rot; its figures mean nothing.
# BENCH_PORT (default 8089) is the HTTP port of the Patrol it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
what="${1:-all}"
port="${BENCH_PORT:-8089}"
if [ -n "$smoke" ]; then
  fixed_rate=10 fixed_s=2 max_clients=4 max_s=2 seed_tokens=500
else
  fixed_rate=50 fixed_s=30 max_clients=16 max_s=30 seed_tokens=40000
fi
export QUARKUS_HTTP_PORT=$port PATROL_LOCAL_DATA
unset QUARKUS_DATASOURCE_REACTIVE_URL KAFKA_BOOTSTRAP_SERVERS
PATROL_LOCAL_DATA=$(mktemp -d "${TMPDIR:-/tmp}/patrol-bench-XXXXXX")
chmod 755 "$PATROL_LOCAL_DATA"
mkdir -p target
log=target/bench-run-local.log
./run-local > "$log" 2>&1 &
runner=$!
stop() {
  local status=$?
  kill -TERM $runner 2>/dev/null || true
  wait $runner 2>/dev/null || true # run-local stops PostgreSQL and Kafka before it exits
  rm -rf "$PATROL_LOCAL_DATA"
  exit $status
}
trap stop EXIT
for _ in $(seq 1 600); do
  grep -q "Patrol is ready" "$log" 2>/dev/null && break
  kill -0 $runner 2>/dev/null || break
  sleep 0.5
done
grep -q "Patrol is ready" "$log" || { echo "Patrol did not start"; cat "$log"; exit 1; }
oidc=$(sed -n 's/.*Dev OIDC provider: \(http[^ ]*\).*/\1/p' "$log")
token() { curl -fsS -d grant_type=password -d "username=$1" -d "password=$1" -d client_id=quarkus-app -d client_secret=secret \
  "$oidc/token" | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4; }
base="http://localhost:$port"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
if [ "$what" = create ] || [ "$what" = all ]; then
  bearer=$(token alice)
  java bench/CreateBench.java fixed "$base" "$bearer" "$fixed_rate" "$fixed_s"
  java bench/CreateBench.java max "$base" "$bearer" "$max_clients" "$max_s"
fi
if [ "$what" = rebuild ] || [ "$what" = all ]; then
  bootstrap=$(sed -n 's/^kafka\.bootstrap\.servers=//p' target/run-local-infra.ready | sed 's/\\//g')
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat target/embedded-infra.classpath)" \
    bench/SeedEvents.java "$bootstrap" patrol.token-events.v1 "$seed_tokens"
  sleep 5 # let the live projector fold the seeded records first (it runs beside the rebuild otherwise)
  admin=$(token alice)
  echo "rebuild: $(curl -fsS -X POST -H "Authorization: Bearer $admin" "$base/api/v1/admin/read-model/rebuild")"
fi
