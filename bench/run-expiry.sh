#!/usr/bin/env bash
# Reproduces the expiry-scan figures of BENCHMARKS.md: how long the scan for expiry notices takes over
# a read model of 1 million active tokens, and whether /auth/check slows down while it runs. Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089),
#      its own scan off: creates the PAT the checks present
#   then, phase after phase, two packaged instances (%prod) on BENCH_PORT+1 (edge cache on) and
#   BENCH_PORT+2 (cache off: every check reads PostgreSQL), both scanning every second or both not
#   scanning, and runs wrk against their /auth/check (Debian package wrk, installed when missing and
#   run as root). Phases alternate (off, on, off, on) so that the machine's noise falls on both.
#   bench/run-expiry.sh [--smoke]
# --smoke seeds 2,000 tokens and runs one phase of each with a few seconds of load: the build runs it
# (RunLocalIT) so that this script cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
if [ -n "$smoke" ]; then dur=1s warm=1s tokens=2000 phases="false true"; else dur=15s warm=2s tokens=1000000 phases="false true false true"; fi
source bench/common.sh
need_wrk
port_a="${BENCH_PORT:-8089}"
if [ -z "$smoke" ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
export PATROL_NOTICES_ENABLED=false
start_patrol "$port_a" server/target/bench-expiry-a.log
pat=$(create_pat "$(oidc_token alice)" "http://localhost:$port_a")
[ -n "$pat" ] || { echo "could not create a PAT"; exit 1; }
export_instance_environment
java -cp "$(cat server/target/embedded-infra.classpath)" bench/SeedTokens.java "jdbc:$QUARKUS_DATASOURCE_REACTIVE_URL" \
  "$QUARKUS_DATASOURCE_USERNAME" "$QUARKUS_DATASOURCE_PASSWORD" "$tokens"
machine
metric() { # PORT NAME: a metric's value on an instance (0 when absent)
  curl -fsS "http://localhost:$(management_port "$1")/q/metrics" | awk -v n="$2" '$1==n {v=$2} END {print v+0}'
}
for scanning in $phases; do
  ports=()
  kept=${#bench_pids[@]} # run-local (A), when this script started it, stays for the next phase
  for cache in true false; do
    port=$((port_a + (${#ports[@]} + 1)))
    PATROL_NOTICES_ENABLED=$scanning PATROL_NOTICES_SCAN_INTERVAL=PT1S PATROL_CACHE_ENABLED=$cache \
      QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$(management_port "$port") \
      java $(aot_cache_option) -Xmx512m -jar server/target/quarkus-app/quarkus-run.jar > "server/target/bench-expiry-$port.log" 2>&1 &
    bench_pids+=($!)
    ports+=("$port")
  done
  for i in 0 1; do
    await_ready "${ports[$i]}" "${bench_pids[$((kept + i))]}" "server/target/bench-expiry-${ports[$i]}.log"
  done
  if [ "$scanning" = true ]; then
    for port in "${ports[@]}"; do # both instances have finished a first scan
      for _ in $(seq 1 600); do [ "$(metric "$port" patrol_notices_scan_seconds_count)" != 0 ] && break; sleep 0.5; done
    done
    created=$(( $(metric "${ports[0]}" patrol_notices_expiry_created_total | cut -d. -f1) \
      + $(metric "${ports[1]}" patrol_notices_expiry_created_total | cut -d. -f1) ))
    echo "scan over $tokens active tokens: longest scan so far (the first, which creates the notices) $(metric "${ports[0]}" patrol_notices_scan_seconds_max) s and $(metric "${ports[1]}" patrol_notices_scan_seconds_max) s on the two instances, $created notices created"
  fi
  for port in "${ports[@]}"; do
    label=$([ "$port" = "${ports[0]}" ] && echo "cache on " || echo "cache off")
    url="http://localhost:$port/auth/check?scope=code:read"
    wrk -t2 -c16 -d"$warm" -H "Authorization: Bearer $pat" "$url" > /dev/null # warm-up
    count0=$(metric "$port" patrol_notices_scan_seconds_count); sum0=$(metric "$port" patrol_notices_scan_seconds_sum)
    out=$(wrk -t2 -c16 -d"$dur" --latency -H "Authorization: Bearer $pat" "$url")
    if echo "$out" | grep -q "Non-2xx"; then echo "wrk saw errors: $out" >&2; exit 1; fi
    count=$(awk -v a="$(metric "$port" patrol_notices_scan_seconds_count)" -v b="$count0" 'BEGIN {print a-b}')
    mean=$(awk -v a="$(metric "$port" patrol_notices_scan_seconds_sum)" -v b="$sum0" -v n="$count" \
      'BEGIN {if (n > 0) printf "%.1f", 1000*(a-b)/n; else print "-"}')
    echo "scanning $scanning, $label: /auth/check $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p99 $(echo "$out" | awk '$1=="99%" {print $2}'); scans meanwhile: $count, mean $mean ms"
  done
  for p in "${bench_pids[@]:$kept}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]:$kept}"; do wait "$p" 2>/dev/null || true; done
  bench_pids=("${bench_pids[@]:0:$kept}")
done
