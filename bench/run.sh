#!/usr/bin/env bash
# Reproduces the lifecycle figures of BENCHMARKS.md: starts Patrol with ./run-local on a fresh data
# directory (embedded PostgreSQL + Kafka, dev mode, dev OIDC), runs the benchmarks, stops everything.
#   bench/run.sh [--smoke] [create|rebuild|all]   (default all)
# --smoke runs every step with a few seconds of load: the build runs it (RunLocalIT) so that
# this script cannot rot; its figures mean nothing.
# BENCH_PORT (default 8089) is the HTTP port of the Patrol it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
what="${1:-all}"
if [ -n "$smoke" ]; then
  fixed_rate=10 fixed_s=2 max_clients=4 max_s=2 seed_tokens=500
else
  fixed_rate=50 fixed_s=30 max_clients=16 max_s=30 seed_tokens=40000
fi
source bench/common.sh
port="${BENCH_PORT:-8089}"
base="http://localhost:$port"
start_patrol "$port" server/target/bench-run-local.log
machine
if [ "$what" = create ] || [ "$what" = all ]; then
  bearer=$(oidc_token alice)
  java bench/CreateBench.java fixed "$base" "$bearer" "$fixed_rate" "$fixed_s"
  java bench/CreateBench.java max "$base" "$bearer" "$max_clients" "$max_s"
fi
if [ "$what" = rebuild ] || [ "$what" = all ]; then
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat server/target/embedded-infra.classpath)" \
    bench/SeedEvents.java "$(infra 'kafka\.bootstrap\.servers')" patrol.token-events.v1 "$seed_tokens" \
    "jdbc:$(infra 'quarkus\.datasource\.reactive\.url')" "$(infra 'quarkus\.datasource\.username')" \
    "$(infra 'quarkus\.datasource\.password')" # waits for the live projector: it would run beside the rebuild
  echo "rebuild: $(curl -fsS -X POST -H "Authorization: Bearer $(oidc_token alice)" "$base/api/v1/admin/read-model/rebuild")"
fi
