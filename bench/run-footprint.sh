#!/usr/bin/env bash
# Reproduces the footprint figures of BENCHMARKS.md: how long a packaged instance takes from launch to
# ready with PostgreSQL and Kafka already up, and its resident memory (RSS) under sustained load, with
# the JVM settings of the container image (JAVA_OPTS of docker/Dockerfile.jvm, read from it: Serial GC,
# -XX:MaxRAMPercentage=75 of the memory limit; the chart's limit, 768Mi, is given to the JVM as
# -XX:MaxRAM). Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089)
#   B  the packaged application (%prod) on BENCH_PORT+1, launched and stopped again for every start
#      measured, then loaded with wrk (Debian package wrk, installed when missing and run as root):
#      cached /auth/check at 64 connections, then listings (OIDC + PostgreSQL + JSON) at 16, while
#      its RSS is sampled every half second.
#   bench/run-footprint.sh [--smoke]
# BENCH_JVM_OPTIONS are appended to the image's (later flags win): BENCH_JVM_OPTIONS="-XX:-UseSerialGC -XX:+UseG1GC" measures
# the collector the image chose before. BENCH_APP=DIR measures another build's server/target/quarkus-app (copied
# aside) instead of this one's, so that two builds are measured back to back.
# --smoke measures one start and loads for 1 s: the build runs it (BenchScriptsIT) so that this script
# cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
if [ -n "$smoke" ]; then dur=1s starts=1; else dur=30s starts=5; fi
limit="${BENCH_MEMORY_LIMIT:-768m}"
image_options=$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' docker/Dockerfile.jvm)
[ -n "$image_options" ] || { echo "no JAVA_OPTS in docker/Dockerfile.jvm"; exit 1; }
jvm_options="-XX:MaxRAM=$limit $image_options ${BENCH_JVM_OPTIONS:-}"
source bench/common.sh
need_wrk
port_a="${BENCH_PORT:-8089}"
port_b=$((port_a + 1))
app="${BENCH_APP:-server/target/quarkus-app}"
if [ -z "${BENCH_APP:-}" ] && { [ -z "$smoke" ] || [ ! -f "$app/quarkus-run.jar" ]; }; then
  ./mvnw -B -q package -DskipTests
fi
start_patrol "$port_a" server/target/bench-footprint-a.log
bearer=$(oidc_token alice)
pat=$(create_pat "$bearer" "http://localhost:$port_a")
[ -n "$pat" ] || { echo "could not create a PAT"; exit 1; }
export_instance_environment
machine
echo "application: $app; JVM options: $jvm_options"
ready="http://localhost:$(management_port "$port_b")/q/health/ready"
launch_b() {
  QUARKUS_HTTP_PORT=$port_b QUARKUS_MANAGEMENT_PORT=$(management_port "$port_b") \
    java $jvm_options -jar "$app/quarkus-run.jar" > server/target/bench-footprint-b.log 2>&1 &
  b=$!
  bench_pids+=($b)
}
startup=()
for i in $(seq 1 "$starts"); do
  t0=$(date +%s%N)
  launch_b
  until curl -fsS "$ready" >/dev/null 2>&1; do
    kill -0 "$b" 2>/dev/null || { echo "B exited:"; cat server/target/bench-footprint-b.log; exit 1; }
    sleep 0.05
  done
  ms=$((($(date +%s%N) - t0) / 1000000))
  startup+=("$ms")
  echo "start $i: launch to ready $ms ms, RSS at ready $(($(ps -o rss= -p "$b") / 1024)) MiB"
  if [ "$i" -lt "$starts" ]; then
    kill -TERM "$b"
    wait "$b" 2>/dev/null || true
  fi
done
echo "launch to ready: $(printf '%s\n' "${startup[@]}" | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " ms, min " a[1] " ms, max " a[NR] " ms over " NR " starts"}')"
rss_log=server/target/bench-footprint-rss.txt
: > "$rss_log"
( while kill -0 "$b" 2>/dev/null; do ps -o rss= -p "$b" >> "$rss_log" || true; sleep 0.5; done ) &
sampler=$!
cached=$(wrk -t2 -c64 -d"$dur" -H "Authorization: Bearer $pat" "http://localhost:$port_b/auth/check?scope=code:read" \
  | awk '/Requests\/sec/ {print $2}')
listing=$(wrk -t2 -c16 -d"$dur" -H "Authorization: Bearer $bearer" "http://localhost:$port_b/api/v1/tokens?limit=20" \
  | awk '/Requests\/sec/ {print $2}')
kill "$sampler" 2>/dev/null || true
echo "load: cached /auth/check $cached req/s (64 connections), listings $listing req/s (16 connections), $dur each"
echo "RSS under load: max $(sort -n "$rss_log" | tail -1 | awk '{printf "%.0f", $1/1024}') MiB, median $(sort -n "$rss_log" | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}') MiB over $(wc -l < "$rss_log") samples; heap used $(curl -fsS "http://localhost:$(management_port "$port_b")/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}') MiB at the end"
