#!/usr/bin/env bash
# Reproduces the rebuild-at-scale figure of BENCHMARKS.md: a rebuild of the read model from a topic
# holding a million tokens' history, by the packaged application with the memory the chart gives it.
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089);
#      BENCH_REBUILD_TOKENS (default 1,000,000) token histories are appended to the events topic
#      (bench/SeedEvents.java: issued, renamed, regenerated = 3 events each) and folded by the live
#      projectors first (timed), so that the rebuild replays without a live projector beside it
#   P  the packaged application (%prod, the image's JVM options, -XX:MaxRAM=BENCH_REBUILD_MAX_RAM,
#      default 768m = the chart's memory limit) on BENCH_PORT+1, asked to rebuild
#      (POST /api/v1/admin/read-model/rebuild); its peak RSS is read from /proc afterwards.
#      BENCH_JVM_OPTIONS is appended to its JVM options (e.g. to record a profile).
# then writes the rebuilt history again inside PostgreSQL, as the replay writes it and in the ways
# issue #30 proposed (bench/HistoryWrite.java): the floor under any way of sending it.
#   bench/run-rebuild.sh [--smoke]
# --smoke seeds 500 tokens: the build runs it (RunLocalIT) so that this script cannot rot; its
# figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
if [ -n "$smoke" ]; then tokens=500; else tokens="${BENCH_REBUILD_TOKENS:-1000000}"; fi
max_ram="${BENCH_REBUILD_MAX_RAM:-768m}"
source bench/common.sh
port_a="${BENCH_PORT:-8089}"
port_p=$((port_a + 1))
if [ -z "$smoke" ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
start_patrol "$port_a" server/target/bench-rebuild-a.log
export_instance_environment
machine
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat server/target/embedded-infra.classpath)" \
  bench/SeedEvents.java "$KAFKA_BOOTSTRAP_SERVERS" patrol.token-events.v1 "$tokens" \
  "jdbc:$QUARKUS_DATASOURCE_REACTIVE_URL" "$QUARKUS_DATASOURCE_USERNAME" "$QUARKUS_DATASOURCE_PASSWORD"
image_options=$(image_jvm_options server/target/quarkus-app/app.aot)
image_options="$image_options ${BENCH_JVM_OPTIONS:-}"
echo "JVM options: -XX:MaxRAM=$max_ram $image_options"
QUARKUS_HTTP_PORT=$port_p QUARKUS_MANAGEMENT_PORT=$(management_port "$port_p") \
  java -XX:MaxRAM="$max_ram" $image_options -jar server/target/quarkus-app/quarkus-run.jar > server/target/bench-rebuild-p.log 2>&1 &
p=$!
bench_pids+=("$p")
await_ready "$port_p" "$p" server/target/bench-rebuild-p.log
bearer=$(oidc_token alice)
# P's anonymous memory (heap, metaspace, threads) and file-backed memory (the jar, the ahead-of-time
# cache: page cache a container's limit can reclaim) at their peaks, sampled twice a second.
( anon=0 file=0
  while s=$(cat "/proc/$p/status" 2>/dev/null); do
    a=$(echo "$s" | awk '/RssAnon/ {print $2}') f=$(echo "$s" | awk '/RssFile/ {print $2}')
    [ "${a:-0}" -gt "$anon" ] && anon=$a
    [ "${f:-0}" -gt "$file" ] && file=$f
    echo "$((anon / 1024)) $((file / 1024))" > server/target/bench-rebuild-rss.txt
    sleep 0.5
  done ) &
bench_pids+=($!)
t0=$(date +%s%N)
status=$(curl -sS -o server/target/bench-rebuild-report.json -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $bearer" "http://localhost:$port_p/api/v1/admin/read-model/rebuild" || echo "no answer")
wall_s=$(awk -v ns="$(($(date +%s%N) - t0))" 'BEGIN {printf "%.1f", ns / 1e9}')
if ! kill -0 "$p" 2>/dev/null; then
  echo "rebuild: P died after $wall_s s (answer: $status); the end of its log:"
  tail -5 server/target/bench-rebuild-p.log
  exit 1
fi
peak=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$p/status")
read -r peak_anon peak_file < server/target/bench-rebuild-rss.txt
report=$(cat server/target/bench-rebuild-report.json)
echo "rebuild: answered $status after $wall_s s: $report"
[ "$status" = 200 ] || exit 1
echo "$report" | tr -d '{}"' | tr ',' '\n' | awk -F: -v peak="$peak" -v anon="$peak_anon" -v file="$peak_file" '
  {v[$1] = $2}
  END {printf "rebuild of %d tokens: %d events in %.1f s = %.0f events/s (%d records; replay %.1f s, indexes %.1f s); live tables locked %d ms; P peak RSS %d MiB (anonymous %d MiB, files %d MiB at their peaks)\n",
       v["tokens"], v["events"], v["millis"] / 1000, v["events"] * 1000 / v["millis"], v["records"], v["replayMillis"] / 1000,
       v["indexMillis"] / 1000, v["switchMillis"], peak, anon, file}'
# The floor under any way of writing the history: the rebuilt rows written again inside PostgreSQL
# (bench/HistoryWrite.java), beside the replay's time.
java -cp "$(cat server/target/embedded-infra.classpath)" bench/HistoryWrite.java \
  "jdbc:$QUARKUS_DATASOURCE_REACTIVE_URL" "$QUARKUS_DATASOURCE_USERNAME" "$QUARKUS_DATASOURCE_PASSWORD" \
  "$(echo "$report" | tr -d '{}"' | tr ',' '\n' | awk -F: '$1 == "replayMillis" {print $2}')"

