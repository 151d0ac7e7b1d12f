#!/usr/bin/env bash
# Reproduces the failover figures of BENCHMARKS.md: how long token commands fail or stall when one
# of two instances stops. Starts A = ./run-local (embedded PostgreSQL + Kafka, dev OIDC) on
# BENCH_PORT (default 8089); bench/Failover.java then starts B = the packaged application on
# BENCH_PORT+1 again and again, loads A with creates and stops B: first by SIGKILL, then by SIGTERM.
#   bench/run-failover.sh [--smoke] [kill|graceful|all]   (default all)
# --smoke runs one cycle of each with a short observation and reuses an existing package: the build
# runs it (RunLocalIT) so that this script cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
what="${1:-all}"
if [ -n "$smoke" ]; then cycles=1 observe_kill=4 observe_graceful=3; else cycles=10 observe_kill=15 observe_graceful=8; fi
source bench/common.sh
unset QUARKUS_SHUTDOWN_DELAY # B stops as the image stops it: readiness DOWN for 5 s first
port_a="${BENCH_PORT:-8089}"
port_b=$((port_a + 1))
if [ -z "$smoke" ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
start_patrol "$port_a" server/target/bench-failover-a.log
export_instance_environment # Failover.java starts instance B with this environment
machine
echo "projector: session timeout ${PATROL_PROJECTION_SESSION_TIMEOUT:-PT6S}, heartbeat ${PATROL_PROJECTION_HEARTBEAT_INTERVAL:-PT1S}, cooperative-sticky assignment; write projection timeout ${PATROL_WRITE_PROJECTION_TIMEOUT:-5S}"
if [ "$what" = kill ] || [ "$what" = all ]; then
  java bench/Failover.java "http://localhost:$port_a" "$oidc" "$port_b" kill "$cycles" "$observe_kill" $(aot_cache_option)
fi
if [ "$what" = graceful ] || [ "$what" = all ]; then
  java bench/Failover.java "http://localhost:$port_a" "$oidc" "$port_b" graceful "$cycles" "$observe_graceful" $(aot_cache_option)
fi
