#!/usr/bin/env bash
# Reproduces the footprint figures of BENCHMARKS.md: how long a packaged instance takes from launch to
# ready with PostgreSQL and Kafka already up, how fast it serves in its first seconds and once warm, and
# its resident memory (RSS) under sustained load, with the JVM settings of the container image (JAVA_OPTS
# of docker/Dockerfile.jvm, read from it: Serial GC, -XX:MaxRAMPercentage=75 of the memory limit; the
# chart's limit, 768Mi, is given to the JVM as -XX:MaxRAM) -- side by side with and without the JDK's
# ahead-of-time cache (app.aot beside quarkus-run.jar, trained by AheadOfTimeCacheIT; Java 25+). Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089)
#   B  the packaged application (%prod) on BENCH_PORT+1, launched and stopped again for every start
#      measured, alternately with the cache and without; after each start cached /auth/check is loaded
#      for 5 s (the first seconds after ready); the last start of each is then loaded with wrk (Debian
#      package wrk, installed when missing and run as root): cached /auth/check at 64 connections, then
#      listings (OIDC + PostgreSQL + JSON) at 16, while its RSS is sampled every half second.
#   bench/run-footprint.sh [--smoke]
# Without BENCH_APP the script packages the application and trains its cache first (the Maven line below).
# BENCH_JVM_OPTIONS are appended to the image's (later flags win): BENCH_JVM_OPTIONS="-XX:-UseSerialGC -XX:+UseG1GC" measures
# the collector the image chose before. BENCH_APP=DIR measures another build's server/target/quarkus-app
# instead of this one's, so that two builds are measured back to back: copy it aside with `cp -a`, since the
# cache is only valid for jars with the timestamps it was trained on.
# --smoke measures one start of each and loads for 1 s: the build runs it (RunLocalIT) so that this
# script cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
if [ -n "$smoke" ]; then dur=1s early_dur=1s starts=1; else dur=30s early_dur=5s starts=5; fi
limit="${BENCH_MEMORY_LIMIT:-768m}"
source bench/common.sh
need_wrk
port_a="${BENCH_PORT:-8089}"
port_b=$((port_a + 1))
app="${BENCH_APP:-server/target/quarkus-app}"
if [ -z "${BENCH_APP:-}" ] && { [ -z "$smoke" ] || [ ! -f "$app/quarkus-run.jar" ]; }; then
  # The package and its cache: AheadOfTimeCacheIT alone (it skips itself below Java 25).
  ./mvnw -B -q -f server/pom.xml verify -Dit.test=AheadOfTimeCacheIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
fi
if [ -f "$app/app.aot" ]; then
  configs=(cache none)
else
  configs=(none)
  echo "no $app/app.aot (trained on Java 25+ only): measuring without the ahead-of-time cache"
fi
jvm_options() { # CONFIG
  local cache=""
  [ "$1" = none ] || cache="$app/app.aot"
  echo "-XX:MaxRAM=$limit $(image_jvm_options "$cache") ${BENCH_JVM_OPTIONS:-}"
}
start_patrol "$port_a" server/target/bench-footprint-a.log
bearer=$(oidc_token alice)
pat=$(create_pat "$bearer" "http://localhost:$port_a")
[ -n "$pat" ] || { echo "could not create a PAT"; exit 1; }
export_instance_environment
machine
echo "application: $app; JVM options: $(jvm_options "${configs[0]}")"
ready="http://localhost:$(management_port "$port_b")/q/health/ready"
check="http://localhost:$port_b/auth/check?scope=code:read"
launch_b() { # CONFIG
  QUARKUS_HTTP_PORT=$port_b QUARKUS_MANAGEMENT_PORT=$(management_port "$port_b") \
    java $(jvm_options "$1") -jar "$app/quarkus-run.jar" > server/target/bench-footprint-b.log 2>&1 &
  b=$!
  bench_pids+=($b)
}
stop_b() { kill -TERM "$b"; wait "$b" 2>/dev/null || true; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# load CONFIG: the warm figures of the instance running now.
load() {
  local rss_log=server/target/bench-footprint-rss-$1.txt
  : > "$rss_log"
  ( while kill -0 "$b" 2>/dev/null; do ps -o rss= -p "$b" >> "$rss_log" || true; sleep 0.5; done ) &
  local sampler=$!
  local cached listing
  cached=$(wrk -t2 -c64 -d"$dur" -H "Authorization: Bearer $pat" "$check" | awk '/Requests\/sec/ {print $2}')
  listing=$(wrk -t2 -c16 -d"$dur" -H "Authorization: Bearer $bearer" "http://localhost:$port_b/api/v1/tokens?limit=20" \
    | awk '/Requests\/sec/ {print $2}')
  kill "$sampler" 2>/dev/null || true
  echo "$1: load: cached /auth/check $cached req/s (64 connections), listings $listing req/s (16 connections), $dur each"
  echo "$1: RSS under load: max $(sort -n "$rss_log" | tail -1 | awk '{printf "%.0f", $1/1024}') MiB, median $(median < "$rss_log" | awk '{printf "%.0f", $1/1024}') MiB over $(wc -l < "$rss_log") samples; heap used $(curl -fsS "http://localhost:$(management_port "$port_b")/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}') MiB at the end"
}
declare -A startup rss first
for i in $(seq 1 "$starts"); do
  for c in "${configs[@]}"; do
    t0=$(date +%s%N)
    launch_b "$c"
    until curl -fsS "$ready" >/dev/null 2>&1; do
      kill -0 "$b" 2>/dev/null || { echo "B exited:"; cat server/target/bench-footprint-b.log; exit 1; }
      sleep 0.05
    done
    ms=$((($(date +%s%N) - t0) / 1000000))
    mib=$(($(ps -o rss= -p "$b") / 1024))
    early=$(wrk -t2 -c16 -d"$early_dur" -H "Authorization: Bearer $pat" "$check" | awk '/Requests\/sec/ {print $2}')
    startup[$c]+="$ms "
    rss[$c]+="$mib "
    first[$c]+="$early "
    echo "$c: start $i: launch to ready $ms ms, RSS at ready $mib MiB, first $early_dur after ready $early req/s (cached /auth/check, 16 connections)"
    if [ "$i" -eq "$starts" ]; then load "$c"; fi
    stop_b
  done
done
for c in "${configs[@]}"; do
  echo "$c: launch to ready: $(tr ' ' '\n' <<< "${startup[$c]}" | grep . | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms, min " a[1] " ms, max " a[NR] " ms over " NR " starts"}'); RSS at ready median $(tr ' ' '\n' <<< "${rss[$c]}" | grep . | median) MiB; first $early_dur median $(tr ' ' '\n' <<< "${first[$c]}" | grep . | median) req/s"
done
