#!/usr/bin/env bash
# How busy both cores were while each test class ran (BENCHMARKS.md, "The build's own time"): the share
# of CPU time not idle, from /proc/stat sampled every second beside the tests, over each class's own
# run as its report gives it (the report file's time is the class's end, its "Time elapsed" the length):
#   while sleep 1; do echo "$(date +%s) $(head -1 /proc/stat)"; done > stat.log &
#   cd server && ../mvnw -B -o failsafe:integration-test failsafe:verify; kill %1
#   bench/busy-by-test-class.sh server/target/failsafe-reports stat.log
# Steal time counts as busy (the machine's other tenants had the core).
set -euo pipefail
reports=$1 stat=$2
for f in "$reports"/*.txt; do
  end=$(stat -c %Y "$f")
  length=$(grep -o 'Time elapsed: [0-9.]* s' "$f" | head -1 | awk '{print int($3)}')
  awk -v s=$((end - length)) -v e="$end" -v n="$(basename "$f" .txt)" '
    { busy = $3 + $4 + $5 + $8 + $9 + $10; total = busy + $6 + $7 }   # user nice system | idle iowait | irq softirq steal
    $1 >= s && !started { b0 = busy; t0 = total; started = 1 }
    $1 <= e { b1 = busy; t1 = total }
    END { if (t1 > t0) printf "%-60s %5d s  busy %3d%%\n", n, e - s, 100 * (b1 - b0) / (t1 - t0) }' "$stat"
done | sort -k2 -rn
