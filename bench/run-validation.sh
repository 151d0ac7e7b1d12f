#!/usr/bin/env bash
# Reproduces the validation figures of BENCHMARKS.md (issue 4). Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on :8089 - creates and revokes tokens
#   B1 the packaged application (%prod) on :8090, edge cache on
#   B2 the packaged application (%prod) on :8091, edge cache off (every check reads PostgreSQL)
# then runs wrk (Debian package "wrk"; installed if missing) and the Java load programs in bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
export QUARKUS_HTTP_PORT=8089 PATROL_LOCAL_DATA
PATROL_LOCAL_DATA=$(mktemp -d "${TMPDIR:-/tmp}/patrol-bench-XXXXXX"); chmod 755 "$PATROL_LOCAL_DATA"
./mvnw -B -q package -DskipTests
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 40); do alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done; [ $alive = 0 ] && break; sleep 0.5; done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true; rm -rf "$PATROL_LOCAL_DATA"
}
trap cleanup EXIT
./run-local > target/bench-a.log 2>&1 & pids+=($!)
for _ in $(seq 1 600); do grep -q "Patrol is ready" target/bench-a.log 2>/dev/null && break; sleep 0.5; done
grep -q "Patrol is ready" target/bench-a.log || { cat target/bench-a.log; exit 1; }
oidc=$(sed -n 's/.*Dev OIDC provider: \(http[^ ]*\).*/\1/p' target/bench-a.log)
prop() { sed -n "s/^$1=//p" target/run-local-infra.ready | sed 's/\\\(.\)/\1/g'; }
start_b() { # port cache-enabled
  QUARKUS_HTTP_PORT=$1 PATROL_CACHE_ENABLED=$2 QUARKUS_OIDC_AUTH_SERVER_URL="$oidc" QUARKUS_OIDC_CLIENT_ID=quarkus-app \
  QUARKUS_DATASOURCE_REACTIVE_URL="$(prop 'quarkus\.datasource\.reactive\.url')" \
  QUARKUS_DATASOURCE_USERNAME="$(prop 'quarkus\.datasource\.username')" QUARKUS_DATASOURCE_PASSWORD="$(prop 'quarkus\.datasource\.password')" \
  KAFKA_BOOTSTRAP_SERVERS="$(prop 'kafka\.bootstrap\.servers')" QUARKUS_LOG_LEVEL=WARN \
    java -Xmx512m -jar target/quarkus-app/quarkus-run.jar > "target/bench-b-$1.log" 2>&1 & pids+=($!)
}
start_b 8090 true
start_b 8091 false
for port in 8090 8091; do
  for _ in $(seq 1 300); do curl -fsS "http://localhost:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
done
bearer=$(curl -s -d grant_type=password -d username=alice -d password=alice -d client_id=quarkus-app -d client_secret=secret \
  "$oidc/token" | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4)
pat=$(curl -s -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["code:read"],"allOrganizations":true,"lifetimeDays":1}' http://localhost:8089/api/v1/tokens \
  | grep -o '"token" *: *"[^"]*"' | cut -d'"' -f4)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
rps() { wrk -t2 -c32 -d15s "$@" | awk '/Requests\/sec/ {print $2}'; }
for port in 8090 8091; do
  label=$([ $port = 8090 ] && echo "cache on " || echo "cache off")
  rps "http://localhost:$port/q/health/live" > /dev/null  # warm-up
  trivial=$(rps "http://localhost:$port/q/health/live")
  check=$(rps -H "Authorization: Bearer $pat" "http://localhost:$port/auth/check?scope=code:read")
  echo "$label: trivial /q/health/live $trivial req/s, /auth/check $check req/s, ratio $(awk -v c="$check" -v t="$trivial" 'BEGIN {printf "%.2f", c/t}')"
  # wrk cannot hold a fixed rate: fewer connections give a lower (closed-loop) load; report the
  # run closest to half of the maximum with its latency distribution.
  for c in 1 2 4; do
    out=$(wrk -t1 -c$c -d15s --latency -H "Authorization: Bearer $pat" "http://localhost:$port/auth/check?scope=code:read")
    r=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); p50=$(echo "$out" | awk '$1=="50%" {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    echo "$label: /auth/check with $c connection(s): $r req/s ($(awk -v r="$r" -v c="$check" 'BEGIN {printf "%.0f", 100*r/c}')% of max), p50 $p50, p99 $p99"
  done
done
sleep 5
java bench/Propagation.java http://localhost:8089 http://localhost:8090 "$bearer" 200
