#!/usr/bin/env bash
# Reproduces the validation figures of BENCHMARKS.md. Starts:
#   A  ./run-local (dev mode, embedded PostgreSQL + Kafka, dev OIDC) on BENCH_PORT (default 8089):
#      creates and revokes tokens
#   B1 the packaged application (%prod) on BENCH_PORT+1, edge cache on (its cached check is also
#      measured answering a signed JWT for the gateway, jwt=bench, with a PAT bound to networks, and
#      naming an organization that requires approval)
#   B2 the packaged application (%prod) on BENCH_PORT+2, edge cache off (every check reads PostgreSQL)
# then runs wrk (Debian package "wrk"; installed when missing and run as root) and the Java load
# programs in bench/.
#   bench/run-validation.sh [--smoke]
# --smoke runs every step with a few seconds of load and reuses an existing package: the build runs
# it (RunLocalIT) so that this script cannot rot; its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
# The smoke run skips the warm-ups and the pause before the propagation, and tries one connection count.
if [ -n "$smoke" ]; then dur=1s revocations=5 counts="1" rounds="1"; else dur=15s revocations=1000 counts="1 2 4" rounds="1 2 3"; fi
source bench/common.sh
need_wrk
port_a="${BENCH_PORT:-8089}"
port_b1=$((port_a + 1))
port_b2=$((port_a + 2))
if [ -z "$smoke" ] || [ ! -f server/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
start_patrol "$port_a" server/target/bench-a.log
export_instance_environment
# A resource server registered for introspection with client credentials (docs/introspection.md).
introspection_secret=bench-secret
export PATROL_INTROSPECTION_CLIENTS="bench secret=sha256:$(printf %s "$introspection_secret" | sha256sum | cut -d' ' -f1)"
start_b() { # port cache-enabled
  QUARKUS_HTTP_PORT=$1 QUARKUS_MANAGEMENT_PORT=$(management_port "$1") PATROL_CACHE_ENABLED=$2 java $(aot_cache_option) -Xmx512m -jar server/target/quarkus-app/quarkus-run.jar \
    > "server/target/bench-b-$1.log" 2>&1 &
  bench_pids+=($!)
}
start_b "$port_b1" true
pid_b1=$!
start_b "$port_b2" false
await_ready "$port_b1" "$pid_b1" "server/target/bench-b-$port_b1.log"
await_ready "$port_b2" $! "server/target/bench-b-$port_b2.log"
bearer=$(oidc_token alice)
pat=$(create_pat "$bearer" "http://localhost:$port_a")
[ -n "$pat" ] || { echo "could not create a PAT"; exit 1; }
# The same PAT bound to four networks (the loopback one third, as they sort): every check matches
# the client's address against them (docs/governance.md, "Tokens bound to networks").
bound_pat=$(curl -fsS -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' \
  -d '{"name":"bench bound","scopes":["code:read"],"allOrganizations":true,"lifetimeDays":1,"allowedNetworks":["10.0.0.0/8","100.64.0.0/10","127.0.0.0/8","2001:db8::/32"]}' \
  "http://localhost:$port_a/api/v1/tokens" | grep -o '"token" *: *"[^"]*"' | cut -d'"' -f4)
[ -n "$bound_pat" ] || { echo "could not create a PAT bound to networks"; exit 1; }
# globex requires approval (docs/governance.md): every check that names it judges the rule in memory.
# The PATs above were made before the rule and are kept (existingTokens keep), so they pass.
curl -fsS -X PUT -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' -d '{"approval":"required"}' \
  "http://localhost:$port_a/api/v1/admin/organizations/globex/policy" > /dev/null
machine
# Requests/sec of a wrk run; fails unless every response was 2xx.
rps() {
  local out; out=$(wrk "$@")
  if echo "$out" | grep -q "Non-2xx"; then echo "wrk saw errors: $out" >&2; return 1; fi
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
check_url="/auth/check?scope=code:read"
for port in "$port_b1" "$port_b2"; do
  label=$([ "$port" = "$port_b1" ] && echo "cache on " || echo "cache off")
  # The reference is /ping: a bare Vert.x route on the same HTTP server (200, no body). The health
  # endpoint (management interface: same JVM, same event loops, another server) is measured beside it.
  bare="http://localhost:$port/ping"
  live="http://localhost:$(management_port "$port")/q/health/live"
  if [ -z "$smoke" ]; then # warm-up
    rps -t2 -c32 -d"$dur" "$bare" > /dev/null
    rps -t2 -c32 -d"$dur" -H "Authorization: Bearer $pat" "http://localhost:$port$check_url" > /dev/null
  fi
  bare_rps=$(rps -t2 -c32 -d"$dur" "$bare")
  live_rps=$(rps -t2 -c32 -d"$dur" "$live")
  check=$(rps -t2 -c32 -d"$dur" -H "Authorization: Bearer $pat" "http://localhost:$port$check_url")
  echo "$label: bare /ping $bare_rps req/s, /q/health/live $live_rps req/s ($(ratio "$live_rps" "$bare_rps")x), /auth/check $check req/s, ratio to bare $(ratio "$check" "$bare_rps")"
  if [ "$port" = "$port_b1" ]; then
    # The same check answering a signed JWT for the gateway to forward (minted once, reused), beside
    # it: alternated, so that the machine's noise falls on both.
    for round in $rounds; do
      check2=$(rps -t2 -c32 -d"$dur" -H "Authorization: Bearer $pat" "http://localhost:$port$check_url")
      with_jwt=$(rps -t2 -c32 -d"$dur" -H "Authorization: Bearer $pat" "http://localhost:$port$check_url&jwt=bench")
      echo "$label: /auth/check without a JWT $check2 req/s, with a signed JWT (jwt=bench) $with_jwt req/s ($(ratio "$with_jwt" "$check2")x); ratio to bare $(ratio "$with_jwt" "$bare_rps") (round $round)"
      bound=$(rps -t2 -c32 -d"$dur" -H "Authorization: Bearer $bound_pat" "http://127.0.0.1:$port$check_url")
      echo "$label: /auth/check with a PAT bound to 4 networks $bound req/s ($(ratio "$bound" "$check2")x of the unbound one); ratio to bare $(ratio "$bound" "$bare_rps") (round $round)"
      approval=$(rps -t2 -c32 -d"$dur" -H "Authorization: Bearer $pat" "http://localhost:$port$check_url&org=globex")
      echo "$label: /auth/check&org=globex, globex requiring approval, $approval req/s ($(ratio "$approval" "$check2")x of the check naming no organization); ratio to bare $(ratio "$approval" "$bare_rps") (round $round)"
    done
  fi
  # wrk cannot hold a fixed rate: fewer connections give a lower (closed-loop) load; report the
  # run closest to half of the maximum with its latency distribution.
  for c in $counts; do
    out=$(wrk -t1 -c$c -d"$dur" --latency -H "Authorization: Bearer $pat" "http://localhost:$port$check_url")
    r=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); p50=$(echo "$out" | awk '$1=="50%" {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    echo "$label: /auth/check with $c connection(s): $r req/s ($(awk -v r="$r" -v c="$check" 'BEGIN {printf "%.0f", 100*r/c}')% of max), p50 $p50, p99 $p99"
  done
done
# The concurrency curve: bare route, cached check (B1) and uncached check (B2) at each number of
# connections, each against the bare route of its own instance at the same concurrency.
if [ -n "$smoke" ]; then curve="1 8"; cdur=1s; else curve="1 2 4 8 16 32 64 128 256"; cdur=10s; fi
printf 'connections\tbare /ping (B2)\t/auth/check cached (B1)\t/auth/check uncached (B2)\n' > server/target/bench-curve.tsv
for c in $curve; do
  t=$([ "$c" = 1 ] && echo 1 || echo 2)
  bare2=$(rps -t$t -c$c -d"$cdur" "http://localhost:$port_b2/ping")
  bare1=$(rps -t$t -c$c -d"$cdur" "http://localhost:$port_b1/ping")
  cached=$(rps -t$t -c$c -d"$cdur" -H "Authorization: Bearer $pat" "http://localhost:$port_b1$check_url")
  out=$(wrk -t$t -c$c -d"$cdur" --latency -H "Authorization: Bearer $pat" "http://localhost:$port_b2$check_url")
  # Not 2xx under this load (a 503 when the database pool is exhausted) is reported, not fatal.
  refused=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); refused=${refused:-0}
  uncached=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "curve $c connections: bare $bare2 req/s; cached $cached req/s ($(ratio "$cached" "$bare1")x of its bare $bare1); uncached $uncached req/s ($(ratio "$uncached" "$bare2")x), p99 $p99, not 2xx $refused"
  printf '%s\t%s\t%s\t%s\n' "$c" "$bare2" "$cached" "$uncached" >> server/target/bench-curve.tsv
done
java -Djava.awt.headless=true bench/Chart.java server/target/bench-curve.tsv server/target/bench-curve.png
echo "curve chart: server/target/bench-curve.png"
# Introspection by that resource server (client_secret_basic), cached PAT, on B1, next to the
# bare route of the same instance.
cat > server/target/bench-introspect.lua <<LUA
wrk.method = "POST"
wrk.body = "token=$pat"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $(printf %s "bench:$introspection_secret" | base64 -w0)"
LUA
bare_rps=$(rps -t2 -c32 -d"$dur" "http://localhost:$port_b1/ping")
introspect=$(rps -t2 -c32 -d"$dur" -s server/target/bench-introspect.lua "http://localhost:$port_b1/oauth2/introspect")
echo "cache on : bare /ping $bare_rps req/s, /oauth2/introspect (client_secret_basic) $introspect req/s, ratio to bare $(ratio "$introspect" "$bare_rps")"
[ -n "$smoke" ] || sleep 5
bearer=$(oidc_token alice) # the first one may have expired during the measurements above
java bench/Propagation.java "http://localhost:$port_a" "http://localhost:$port_b1" "$bearer" "$revocations"
