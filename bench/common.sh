# Shared by the bench scripts (sourced, not run): a Patrol started with ./run-local on a fresh data
# directory, background processes that are stopped however the script ends, and the addresses of
# the embedded PostgreSQL and Kafka. The caller has cd'ed to the repository and set -euo pipefail.
# BENCH_RUN_LOCAL=FILE says that a ./run-local already serves on BENCH_PORT, FILE being its output:
# the script then uses it instead of starting its own (RunLocalIT runs every --smoke against one
# ./run-local, started with PATROL_NOTICES_ENABLED=false as run-expiry.sh needs).

. .mvn/jdk.sh # Java 21 or newer for the seeders and the packaged instances

unset QUARKUS_DATASOURCE_REACTIVE_URL KAFKA_BOOTSTRAP_SERVERS # always the embedded servers
bench_data=""
if [ -z "${BENCH_RUN_LOCAL:-}" ]; then
  export PATROL_LOCAL_DATA
  PATROL_LOCAL_DATA=$(mktemp -d "${TMPDIR:-/tmp}/patrol-bench-XXXXXX")
  chmod 755 "$PATROL_LOCAL_DATA"
  bench_data=$PATROL_LOCAL_DATA
fi
mkdir -p server/target
bench_pids=()

# SIGTERM to every background process (run-local stops PostgreSQL and Kafka itself), SIGKILL to
# what is left after 30 s; keeps the script's exit status.
bench_stop() {
  local status=$?
  for p in "${bench_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 60); do
    local alive=0
    for p in "${bench_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.5
  done
  for p in "${bench_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$bench_data" ] || rm -rf "$bench_data"
  exit $status
}
trap bench_stop EXIT

# The public dev/test key that signs events (application.properties): run-local's Patrol, the
# packaged instances and SeedEvents must all use it.
export PATROL_SIGNING_KEYS PATROL_SIGNING_KEY_ID
PATROL_SIGNING_KEYS=$(sed -n 's/^%dev,test\.patrol\.signing\.keys=//p' server/src/main/resources/application.properties)
PATROL_SIGNING_KEY_ID=$(sed -n 's/^%dev,test\.patrol\.signing\.key-id=//p' server/src/main/resources/application.properties)

# The public dev/test keys of the JWTs /auth/check mints (application.properties, one value over
# continuation lines) and the audience the validation benchmark asks for: a packaged instance with
# keys and no audience refuses to start.
export PATROL_JWT_KEYS PATROL_JWT_SIGNING_KEY_ID PATROL_JWT_AUDIENCES=bench
PATROL_JWT_KEYS=$(awk '/^%dev,test\.patrol\.jwt\.keys=/ {f=1} f {v = v $0; if ($0 !~ /\\$/) {print v; exit}}' \
  server/src/main/resources/application.properties | sed 's/^[^=]*=//; s/\\ *//g')
PATROL_JWT_SIGNING_KEY_ID=$(sed -n 's/^%dev,test\.patrol\.jwt\.signing-key-id=//p' server/src/main/resources/application.properties)

# The packaged application needs its public URL (the OAuth issuer); the benchmarks' instances share one.
export PATROL_INTROSPECTION_ISSUER=${PATROL_INTROSPECTION_ISSUER:-http://localhost:8080}

# The image waits 5 s after SIGTERM (readiness DOWN) for Kubernetes to stop routing to the pod; nothing
# routes to a benchmark's instances, which the scripts stop and start again. run-failover.sh keeps the
# image's: the graceful stop is what it measures.
export QUARKUS_SHUTDOWN_DELAY=0S

# image_jvm_options CACHE: JAVA_OPTS of docker/Dockerfile.jvm, the options the image runs the application
# with, its ahead-of-time cache being CACHE (app.aot beside quarkus-run.jar, trained by AheadOfTimeCacheIT)
# when that file exists, none otherwise.
image_jvm_options() {
  local options
  options=$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' docker/Dockerfile.jvm | sed 's/-XX:AOTCache=[^ ]* //')
  if [ -n "$1" ] && [ -f "$1" ]; then options="-XX:AOTCache=$1 $options"; fi
  echo "$options"
}

# aot_cache_option: starts the packaged application from its ahead-of-time cache (app.aot beside
# quarkus-run.jar, trained by AheadOfTimeCacheIT; Java 25+) when the package has one, as the image does;
# nothing otherwise. It shortens the start (BENCHMARKS.md, "Ahead-of-time cache"), not what is measured after warm-up.
aot_cache_option() {
  if [ -f server/target/quarkus-app/app.aot ]; then echo "-XX:AOTCache=server/target/quarkus-app/app.aot"; fi
}

# await_ready PORT PID LOG: waits until the packaged instance PID (started on PORT, writing LOG) is
# ready; fails at once, printing LOG, if it exits, and after 150 s.
await_ready() {
  local ready="http://localhost:$(management_port "$1")/q/health/ready"
  for _ in $(seq 1 750); do
    curl -fsS "$ready" >/dev/null 2>&1 && return
    kill -0 "$2" 2>/dev/null || { echo "instance on $1 exited:"; cat "$3"; exit 1; }
    sleep 0.2
  done
  echo "instance on $1 not ready in 150 s:"; cat "$3"; exit 1
}

# An instance on port P serves health, metrics and OpenAPI on P + 1000 (its management interface).
management_port() { echo $(($1 + 1000)); }

# start_patrol PORT LOG: ./run-local on PORT, waits until it is ready; sets $oidc (dev OIDC provider).
# With BENCH_RUN_LOCAL, the one already running instead.
start_patrol() {
  if [ -n "${BENCH_RUN_LOCAL:-}" ]; then
    grep -q "Patrol is ready: http://localhost:$1" "$BENCH_RUN_LOCAL" \
      || { echo "BENCH_RUN_LOCAL: no ./run-local ready on port $1 in $BENCH_RUN_LOCAL"; exit 1; }
    oidc=$(sed -n 's/.*Dev OIDC provider: \(http[^ ]*\).*/\1/p' "$BENCH_RUN_LOCAL")
    return
  fi
  QUARKUS_HTTP_PORT=$1 QUARKUS_MANAGEMENT_PORT=$(management_port "$1") ./run-local > "$2" 2>&1 &
  bench_pids+=($!)
  local pid=$!
  for _ in $(seq 1 600); do
    grep -q "Patrol is ready" "$2" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  grep -q "Patrol is ready" "$2" || { echo "Patrol did not start:"; cat "$2"; exit 1; }
  oidc=$(sed -n 's/.*Dev OIDC provider: \(http[^ ]*\).*/\1/p' "$2")
}

# infra KEY: a setting of the embedded servers, e.g. infra 'kafka\.bootstrap\.servers'.
infra() { sed -n "s/^$1=//p" server/target/run-local-infra.ready | sed 's/\\\(.\)/\1/g'; }

# oidc_token USER: a dev OIDC access token.
oidc_token() {
  curl -fsS -d grant_type=password -d "username=$1" -d "password=$1" -d client_id=quarkus-app \
    -d client_secret=secret "$oidc/token" | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4
}

# create_pat BEARER BASE_URL: a one-day PAT (code:read, all organizations) of the bearer's owner.
create_pat() {
  curl -fsS -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["code:read"],"allOrganizations":true,"lifetimeDays":1}' "$2/api/v1/tokens" \
    | grep -o '"token" *: *"[^"]*"' | cut -d'"' -f4
}

# export_instance_environment: what a packaged instance needs to join the Patrol started above.
export_instance_environment() {
  export QUARKUS_OIDC_AUTH_SERVER_URL="$oidc" QUARKUS_OIDC_CLIENT_ID=quarkus-app QUARKUS_LOG_LEVEL=WARN
  # The dev OIDC provider's tokens carry no "aud" and put roles in "groups" (never do this in production).
  export PATROL_IDENTITY_UNSAFE_ACCEPT_ANY_AUDIENCE=true QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH=groups
  # The embedded Kafka is one broker: its topics cannot keep two in-sync replicas.
  export PATROL_TOPICS_ALLOW_UNSAFE_REPLICATION=true
  export QUARKUS_DATASOURCE_REACTIVE_URL QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD KAFKA_BOOTSTRAP_SERVERS
  QUARKUS_DATASOURCE_REACTIVE_URL="$(infra 'quarkus\.datasource\.reactive\.url')"
  QUARKUS_DATASOURCE_USERNAME="$(infra 'quarkus\.datasource\.username')"
  QUARKUS_DATASOURCE_PASSWORD="$(infra 'quarkus\.datasource\.password')"
  KAFKA_BOOTSTRAP_SERVERS="$(infra 'kafka\.bootstrap\.servers')"
}

# need_wrk: installs the Debian package wrk when it is missing and this runs as root.
# Writes server/target/bench-rotation.lua: each wrk thread presents the lines of $SCALE_TOKENS in
# turn, from its own offset on ($SCALE_START, then its share of $SCALE_THREADS), as a Bearer token
# to $SCALE_PATH; with SCALE_APPEND=1, appended to $SCALE_PATH instead (an id in a path, no header).
rotation_script() {
  cat > server/target/bench-rotation.lua <<'LUA'
local tokens, i, n = {}, 0, 0
local counter, path, append = 0, nil, false
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  for line in io.lines(os.getenv("SCALE_TOKENS")) do
    n = n + 1
    tokens[n] = line
  end
  i = (tonumber(os.getenv("SCALE_START")) + math.floor(n / tonumber(os.getenv("SCALE_THREADS"))) * id) % n
  path, append = os.getenv("SCALE_PATH"), os.getenv("SCALE_APPEND") == "1"
end
function request()
  i = i % n + 1
  if append then
    return wrk.format(nil, path .. tokens[i])
  end
  return wrk.format(nil, path, {["Authorization"] = "Bearer " .. tokens[i]})
end
LUA
}

need_wrk() {
  command -v wrk >/dev/null && return
  [ "$(id -u)" = 0 ] || { echo "wrk is missing: install the Debian package wrk" >&2; exit 1; }
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
}

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(env -u JDK_JAVA_OPTIONS java -version 2>&1 | head -1)"
}
