#!/usr/bin/env bash
# Reproduces the scale figures of BENCHMARKS.md: /auth/check with 1 million active tokens in the read
# model, presented as 1 million distinct tokens, and the memory each edge-cache entry takes. Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089), then
#      seeds 1,000,000 tokens with real secrets into its read model (bench/SeedScaleTokens.java)
#   C  the packaged application (%prod, image JVM settings, -XX:MaxRAM=4g) on BENCH_PORT+1, edge cache
#      on and sized for every token, entries trusted for an hour (so that none expires during the run)
#   U  the same on BENCH_PORT+2 with the cache off (every check reads PostgreSQL)
# and loads them with wrk (Debian package wrk, installed when missing and run as root) through a Lua
# script that presents the tokens in turn; the bare route /ping is loaded through the same script
# (same header, same Lua work) as the reference. Phases: bare C; C's first pass over every token
# (all misses: distinct uncached tokens, one wrk thread), with C's heap measured after a full GC before and after;
# two rounds of: bare C, C cached with every token in turn, C cached with one token (the goal: a million
# at the speed of one), each with the share of GC pauses and the CPU of C and PostgreSQL beside it;
# U uncached; bare U. C and U may go 30 s without confirming the broadcast (5 s by default): the full
# collection the heap measurement forces on C's 1.2 GB heap once took longer than 5 s, and C then
# flushed its cache (fail closed) and measured misses.
#   BENCH_SCALE_TOKENS=N BENCH_JAVA_OPTS="..." bench/run-scale.sh [--smoke]
# (defaults: 1,000,000 tokens, the image's JVM options only).
# --smoke seeds 2,000 tokens and loads for 1 s: the build runs it (RunLocalIT) so that this script
# cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
if [ -n "$smoke" ]; then dur=1s chunk=1s tokens=2000; else dur=20s chunk=30s tokens=${BENCH_SCALE_TOKENS:-1000000}; fi
source bench/common.sh
need_wrk
port_a="${BENCH_PORT:-8089}"
port_c=$((port_a + 1))
port_u=$((port_a + 2))
if [ -z "$smoke" ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
start_patrol "$port_a" server/target/bench-scale-a.log
export_instance_environment
secrets=server/target/bench-scale-tokens.txt
java -cp "$(cat server/target/embedded-infra.classpath):server/target/classes" bench/SeedScaleTokens.java \
  "jdbc:$QUARKUS_DATASOURCE_REACTIVE_URL" "$QUARKUS_DATASOURCE_USERNAME" "$QUARKUS_DATASOURCE_PASSWORD" \
  "$tokens" "$secrets"
machine
image_options=$(image_jvm_options server/target/quarkus-app/app.aot)
echo "JVM options: -XX:MaxRAM=4g $image_options ${BENCH_JAVA_OPTS:-}"
launch() { # PORT CACHE LOG
  PATROL_CACHE_ENABLED=$2 PATROL_CACHE_MAXIMUM_SIZE=$((tokens + 1000)) PATROL_CACHE_TTL=PT1H PATROL_CACHE_MAX_UNCONFIRMED=PT30S \
    QUARKUS_HTTP_PORT=$1 QUARKUS_MANAGEMENT_PORT=$(management_port "$1") \
    java -XX:MaxRAM=4g $image_options ${BENCH_JAVA_OPTS:-} -jar server/target/quarkus-app/quarkus-run.jar > "$3" 2>&1 &
  bench_pids+=($!)
}
launch "$port_c" true server/target/bench-scale-c.log
c=$!
launch "$port_u" false server/target/bench-scale-u.log
await_ready "$port_c" "$c" server/target/bench-scale-c.log
await_ready "$port_u" $! server/target/bench-scale-u.log

rotation_script
export SCALE_TOKENS="$PWD/$secrets"
run() { # PORT PATH CONNECTIONS DURATION [THREADS [START]]: prints "requests/s not-2xx timed-out requests"
  SCALE_PATH=$2 SCALE_THREADS=${5:-2} SCALE_START=${6:-0} \
    wrk -t"${5:-2}" -c"$3" -d"$4" -s server/target/bench-rotation.lua "http://localhost:$1" \
    | awk '/Requests\/sec/ {r=$2} /Non-2xx/ {e=$NF} /Socket errors/ {split($0, t, "timeout "); o=t[2]}
           /requests in/ {n=$1} END {print r, e+0, o+0, n}'
}
heap() { # PORT: heap used after a full GC, MiB
  jcmd "$c" GC.run >/dev/null
  sleep 1
  curl -fsS "http://localhost:$(management_port "$1")/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%.1f", s/1048576}'
}
metric() { # PORT NAME
  curl -fsS "http://localhost:$(management_port "$1")/q/metrics" | awk -v n="$2" '$1==n {v=$2} END {printf "%.0f", v}'
}
# Before each load of uncached checks: lookups of the last run's requests that wrk dropped when it
# stopped still hold the client's share of lookups (32, as many as the connections) until PostgreSQL
# answers; a run started over them is answered 429 for its first requests.
settle() { # PORT
  for _ in $(seq 50); do
    [ "$(metric "$1" patrol_validation_lookups_in_flight)" = 0 ] && return
    sleep 0.1
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

read -r bare_c _ _ _ <<< "$(run "$port_c" /ping 64 "$dur")"
heap_before=$(heap "$port_c")
# One pass over every token, in chunks of load (one wrk thread, each chunk going on where the last
# stopped) until every token has been presented once: all misses, distinct tokens.
t0=$(date +%s%N)
pass_n=0 pass_errors=0 pass_timeouts=0
while [ "$pass_n" -lt "$tokens" ]; do
  settle "$port_c"
  read -r _ errors timeouts n <<< "$(run "$port_c" /auth/check?scope=code:read 32 "$chunk" 1 "$pass_n")"
  pass_n=$((pass_n + n)) pass_errors=$((pass_errors + errors)) pass_timeouts=$((pass_timeouts + timeouts))
done
pass_s=$(awk -v ns="$(($(date +%s%N) - t0))" 'BEGIN {printf "%.1f", ns / 1e9}')
pass=$(awk -v n="$pass_n" -v s="$pass_s" 'BEGIN {printf "%.0f", n / s}')
cached_entries=$(metric "$port_c" patrol_edge_cache_size)
heap_after=$(heap "$port_c")
# Every token in the cache against one token of it, on the same instance, alternated: the goal is "a
# million at the speed of one". Beside each run: the share of it C spent in GC pauses, and the CPU
# (cores) C and PostgreSQL used meanwhile (a presented token is due for a last-use write once a minute).
# The one token as many times as there are tokens: wrk's Lua then does the same work in both runs.
one_token=server/target/bench-scale-one.txt
awk 'NR == 1 {for (i = 0; i < n; i++) print; exit}' n="$tokens" "$secrets" > "$one_token"
cpu_ticks() { # PID...: their CPU time so far, in clock ticks
  local t=0 p
  for p in "$@"; do
    if [ -r "/proc/$p/stat" ]; then t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); fi
  done
  echo "$t"
}
gc_seconds() { # PORT
  curl -fsS "http://localhost:$(management_port "$1")/q/metrics" \
    | awk '/^jvm_gc_pause_seconds_sum/ {s+=$NF} END {printf "%.3f", s}'
}
profiled() { # PORT PATH CONNECTIONS TOKENS: "requests/s not-2xx timed-out GC% patrol-cores postgres-cores"
  local pg gc0 c0 p0 t0 r e o
  pg=$(pgrep -x postgres | tr '\n' ' ')
  gc0=$(gc_seconds "$1") c0=$(cpu_ticks "$c") p0=$(cpu_ticks $pg) t0=$(date +%s%N)
  read -r r e o _ <<< "$(SCALE_TOKENS="$PWD/$4" run "$1" "$2" "$3" "$dur")"
  awk -v r="$r" -v e="$e" -v o="$o" -v ns="$(($(date +%s%N) - t0))" -v gc="$(gc_seconds "$1")" -v gc0="$gc0" \
    -v c="$(($(cpu_ticks "$c") - c0))" -v p="$(($(cpu_ticks $pg) - p0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {s = ns / 1e9; printf "%s %s %s %.1f %.2f %.2f", r, e, o, 100 * (gc - gc0) / s, c / hz / s, (p > 0 ? p : 0) / hz / s}'
}
rounds=""
for round in 1 2; do
  read -r bare_c2 _ _ _ <<< "$(run "$port_c" /ping 64 "$dur")"
  read -r cached cached_errors cached_timeouts cached_gc cached_cpu cached_pg \
    <<< "$(profiled "$port_c" /auth/check?scope=code:read 64 "$secrets")"
  read -r single _ _ single_gc single_cpu single_pg <<< "$(profiled "$port_c" /auth/check?scope=code:read 64 "$one_token")"
  rounds="$rounds
round $round: bare /ping $bare_c2 req/s; every token $cached req/s (GC pauses $cached_gc% of the run, Patrol $cached_cpu cores, PostgreSQL $cached_pg); one token $single req/s (GC $single_gc%, Patrol $single_cpu cores, PostgreSQL $single_pg); every token / bare $(ratio "$cached" "$bare_c2"), / one token $(ratio "$cached" "$single")"
done
# U has served nothing yet: its first seconds of load measure the JIT compilers, not the lookups.
run "$port_u" /auth/check?scope=code:read 32 "$dur" 2 $((tokens / 4)) > /dev/null
settle "$port_u"
read -r uncached uncached_errors uncached_timeouts _ <<< "$(run "$port_u" /auth/check?scope=code:read 32 "$dur")"
read -r bare_u _ _ _ <<< "$(run "$port_u" /ping 32 "$dur")"

echo "tokens in the read model: $tokens"
echo "first pass over every token (distinct, uncached, 32 connections, 1 wrk thread): $pass_n requests in $pass_s s, $pass req/s, not 2xx $pass_errors, timed out (wrk, 2 s) $pass_timeouts; ratio to bare $(ratio "$pass" "$bare_c")"
echo "edge cache: $cached_entries entries; heap after a full GC $heap_before MiB before the pass, $heap_after MiB after: $(awk -v a="$heap_before" -v b="$heap_after" -v n="$cached_entries" 'BEGIN {printf "%.0f", (b - a) * 1048576 / (n > 0 ? n : 1)}') bytes per entry"
echo "cached (every token in the cache, 64 connections), last round: $cached req/s, not 2xx $cached_errors, timed out $cached_timeouts; bare /ping $bare_c before the pass$rounds"
shed_u=$(metric "$port_u" 'patrol_validation_shed_total{bound="client"}')/$(metric "$port_u" 'patrol_validation_shed_total{bound="instance"}')
echo "uncached (cache off, distinct tokens, 32 connections): $uncached req/s, not 2xx $uncached_errors (shed by client/instance bound since start: $shed_u), timed out $uncached_timeouts; bare /ping $bare_u req/s; ratio $(ratio "$uncached" "$bare_u")"
