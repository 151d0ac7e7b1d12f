#!/usr/bin/env bash
# Reproduces "The uncached path against its physical limit" of BENCHMARKS.md: /auth/check of tokens
# no cache holds, against the least such a check could cost, one SELECT by primary key on the same
# pool (the reference route /bench/select/{id}, patrol.bench.reference-route), along 1..256
# connections, with one token (concurrent lookups of one secret share a query) and with distinct
# tokens (a query each); and, with distinct tokens, validation's own query from a bare route
# (/bench/lookup/{secretHash}), which splits what the query costs from what the rest of a check costs;
# then that query part by part straight on PostgreSQL (bench/QueryAnatomy.java, JDBC).
# Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089), then
#      seeds 100,000 tokens with real secrets into its read model (bench/SeedScaleTokens.java)
#   U  the packaged application (%prod, image JVM settings) on BENCH_PORT+1, edge cache off (every
#      check reads PostgreSQL), the reference route on, lookup bounds out of reach (this measures the
#      path, not the shedding: docs/operations.md "Load shedding")
# and loads U with wrk (Debian package wrk, installed when missing and run as root) through a Lua
# script that presents the tokens, or the ids, in turn.
#   bench/run-uncached.sh [--smoke]
# --smoke seeds 2,000 tokens and loads for 1 s at 1 and 8 connections: the build runs it (RunLocalIT)
# so that this script cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
if [ -n "$smoke" ]; then dur=1s tokens=2000 counts="1 8"; else dur=10s tokens=100000 counts="1 2 4 8 16 32 64 128 256"; fi
source bench/common.sh
need_wrk
port_a="${BENCH_PORT:-8089}"
port_u=$((port_a + 1))
if [ -z "$smoke" ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
start_patrol "$port_a" server/target/bench-uncached-a.log
export_instance_environment
secrets=server/target/bench-uncached-tokens.txt ids=server/target/bench-uncached-ids.txt
hashes=server/target/bench-uncached-hashes.txt
java -cp "$(cat server/target/embedded-infra.classpath):server/target/classes" bench/SeedScaleTokens.java \
  "jdbc:$QUARKUS_DATASOURCE_REACTIVE_URL" "$QUARKUS_DATASOURCE_USERNAME" "$QUARKUS_DATASOURCE_PASSWORD" \
  "$tokens" "$secrets" "$ids" "$hashes"
machine
image_options=$(image_jvm_options server/target/quarkus-app/app.aot)
echo "JVM options: -XX:MaxRAM=768m (the chart's memory limit) $image_options"
PATROL_CACHE_ENABLED=false PATROL_BENCH_REFERENCE_ROUTE=true \
  PATROL_VALIDATION_MAX_LOOKUPS=4096 PATROL_VALIDATION_MAX_LOOKUPS_PER_CLIENT=4096 \
  QUARKUS_HTTP_PORT=$port_u QUARKUS_MANAGEMENT_PORT=$(management_port "$port_u") \
  java -XX:MaxRAM=768m $image_options -jar server/target/quarkus-app/quarkus-run.jar > server/target/bench-uncached-u.log 2>&1 &
bench_pids+=($!)
await_ready "$port_u" $! server/target/bench-uncached-u.log
rotation_script
one_secret=$(head -1 "$secrets") one_id=$(head -1 "$ids")
check="/auth/check?scope=code:read"
# "requests/s not-2xx p99" of a wrk run; the arguments are wrk's.
measure() {
  wrk --latency "$@" | awk '/Requests\/sec/ {r=$2} /Non-2xx/ {e=$NF} $1=="99%" {p=$2} END {print r, e+0, p}'
}
rotating() { # PATH APPEND(0|1) FILE THREADS CONNECTIONS: the lines of FILE in turn
  SCALE_TOKENS="$PWD/$3" SCALE_PATH=$1 SCALE_APPEND=$2 SCALE_THREADS=$4 SCALE_START=0 \
    measure -t"$4" -c"$5" -d"$dur" -s server/target/bench-rotation.lua "http://localhost:$port_u"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
if [ -z "$smoke" ]; then # warm-up: both paths compiled before the first figure
  rotating /bench/select/ 1 "$ids" 2 32 > /dev/null
  rotating "$check" 0 "$secrets" 2 32 > /dev/null
  rotating /bench/lookup/ 1 "$hashes" 2 32 > /dev/null
fi
printf 'connections\tSELECT one id\tcheck one token\tSELECT distinct ids\tcheck distinct tokens\tvalidation query distinct\n' > server/target/bench-uncached.tsv
for c in $counts; do
  t=$([ "$c" = 1 ] && echo 1 || echo 2)
  read -r ref1 ref1_e ref1_p <<< "$(measure -t$t -c$c -d"$dur" "http://localhost:$port_u/bench/select/$one_id")"
  read -r chk1 chk1_e chk1_p <<< "$(measure -t$t -c$c -d"$dur" -H "Authorization: Bearer $one_secret" "http://localhost:$port_u$check")"
  read -r refn refn_e refn_p <<< "$(rotating /bench/select/ 1 "$ids" "$t" "$c")"
  read -r chkn chkn_e chkn_p <<< "$(rotating "$check" 0 "$secrets" "$t" "$c")"
  read -r qry qry_e qry_p <<< "$(rotating /bench/lookup/ 1 "$hashes" "$t" "$c")"
  echo "$c connections: one token: SELECT by id $ref1 req/s (p99 $ref1_p), /auth/check uncached $chk1 req/s (p99 $chk1_p) = $(ratio "$chk1" "$ref1")x;" \
    "distinct tokens: SELECT by id $refn req/s (p99 $refn_p), /auth/check uncached $chkn req/s (p99 $chkn_p) = $(ratio "$chkn" "$refn")x;" \
    "validation's query by hash $qry req/s (p99 $qry_p) = $(ratio "$qry" "$refn")x of the SELECT by id, the check $(ratio "$chkn" "$qry")x of it;" \
    "not 2xx $ref1_e/$chk1_e/$refn_e/$chkn_e/$qry_e"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$ref1" "$chk1" "$refn" "$chkn" "$qry" >> server/target/bench-uncached.tsv
done
echo "table: server/target/bench-uncached.tsv"
# What validation's query costs PostgreSQL, part by part (bench/QueryAnatomy.java), beside the
# reference SELECT, straight on the database (no Patrol in between).
if [ -n "$smoke" ]; then anatomy="200 1 8"; else anatomy="5000 1 8 32 64"; fi
java -cp "$(cat server/target/embedded-infra.classpath):server/target/classes" bench/QueryAnatomy.java \
  "jdbc:$QUARKUS_DATASOURCE_REACTIVE_URL" "$QUARKUS_DATASOURCE_USERNAME" "$QUARKUS_DATASOURCE_PASSWORD" \
  "$ids" "$hashes" $anatomy
