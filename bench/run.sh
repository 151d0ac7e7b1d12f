#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md: starts Patrol with ./run-local on a fresh data
# directory (embedded PostgreSQL + Kafka, dev mode, dev OIDC), then runs the benchmarks.
#   bench/run.sh [create|rebuild|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
port=8089
export QUARKUS_HTTP_PORT=$port PATROL_LOCAL_DATA
PATROL_LOCAL_DATA=$(mktemp -d "${TMPDIR:-/tmp}/patrol-bench-XXXXXX")
chmod 755 "$PATROL_LOCAL_DATA"
./run-local > target/bench-run-local.log 2>&1 &
runner=$!
trap 'kill -TERM $runner 2>/dev/null; wait $runner 2>/dev/null; rm -rf "$PATROL_LOCAL_DATA"' EXIT
for _ in $(seq 1 600); do grep -q "Patrol is ready" target/bench-run-local.log 2>/dev/null && break; sleep 0.5; done
grep -q "Patrol is ready" target/bench-run-local.log || { echo "Patrol did not start"; cat target/bench-run-local.log; exit 1; }
oidc=$(sed -n 's/.*Dev OIDC provider: \(http[^ ]*\).*/\1/p' target/bench-run-local.log)
token() { curl -s -d grant_type=password -d "username=$1" -d "password=$1" -d client_id=quarkus-app -d client_secret=secret \
  "$oidc/token" | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4; }
base="http://localhost:$port"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
if [ "$what" = create ] || [ "$what" = all ]; then
  bearer=$(token alice)
  java bench/CreateBench.java fixed "$base" "$bearer" 50 30
  java bench/CreateBench.java max "$base" "$bearer" 16 30
fi
if [ "$what" = rebuild ] || [ "$what" = all ]; then
  bootstrap=$(sed -n 's/^kafka\.bootstrap\.servers=//p' target/run-local-infra.ready 2>/dev/null | sed 's/\\//g')
  [ -n "$bootstrap" ] || bootstrap=$(grep -o 'kafka.bootstrap.servers=[^,}]*' target/run-local-infra.log | tail -1 | cut -d= -f2)
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat target/embedded-infra.classpath)" bench/SeedEvents.java "$bootstrap" patrol.token-events.v1 40000
  sleep 5 # let the live projector fold the seeded records first (it runs beside the rebuild otherwise)
  admin=$(token alice)
  echo "rebuild: $(curl -s -X POST -H "Authorization: Bearer $admin" "$base/api/v1/admin/read-model/rebuild")"
fi
