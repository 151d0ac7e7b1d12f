#!/usr/bin/env bash
# Reproduces the credential-helper figures of BENCHMARKS.md: how long `git credential fill` takes when
# git asks Patrol's helper for a host it already holds a token for (git runs it on every fetch and
# push), side by side with git's own `store` helper (a file read by git itself: the floor), with and
# without the class-data archive the launcher keeps (JDK 19+). Starts ./run-local on BENCH_PORT (default
# 8087), signs in with `cli/patrol login` (the dev provider's sign-in page submitted with curl, as a
# browser would), sets git up in a scratch HOME and times BENCH_CLI_CALLS (default 200) calls of each
# (BENCH_CLI_JAVA_HOME: the JDK the helper runs on). Then the same with the secrets in an OS credential
# store (GNOME Keyring's Secret Service on a session bus of the script's own; Debian packages
# dbus-daemon, gnome-keyring; skipped with a message when they are missing).
#   bench/run-cli.sh [--smoke]
# --smoke makes 3 calls of each: the build runs it (RunLocalIT) so that this script cannot rot;
# its figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=""
if [ "${1:-}" = --smoke ]; then smoke=1; fi
calls="${BENCH_CLI_CALLS:-200}"
[ -z "$smoke" ] || calls=3
source bench/common.sh
if [ -z "$smoke" ] || [ ! -f cli/target/patrol.jar ]; then
  ./mvnw -B -q -pl cli package -DskipTests
fi
port="${BENCH_PORT:-8087}"
start_patrol "$port" server/target/bench-cli-a.log
base="http://localhost:$port"

home=$(mktemp -d "${TMPDIR:-/tmp}/patrol-bench-cli-XXXXXX")
keyring_pids=()
# Runs on every exit, failures included: errexit must not cut it short before bench_stop (which
# stops ./run-local and exits with the script's status).
cli_stop() {
  local status=$?
  set +e
  [ ${#keyring_pids[@]} -eq 0 ] || kill "${keyring_pids[@]}" 2>/dev/null
  rm -rf "$home"
  (exit "$status")
  bench_stop
}
trap cli_stop EXIT
export HOME="$home" GIT_CONFIG_GLOBAL="$home/.gitconfig" GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
unset XDG_CONFIG_HOME XDG_CACHE_HOME PATROL_CONFIG_DIR PATROL_JAVA_OPTIONS PATROL_CDS
# The "browser": submits the dev provider's sign-in form for alice and follows the redirect to the CLI.
cat > "$home/browser" <<'SH'
#!/usr/bin/env bash
page=$(curl -fsS "$1")
field() { echo "$page" | grep -o "name='$1' value='[^']*'" | head -1 | sed "s/.*value='//; s/'\$//"; }
to=$(curl -sS -o /dev/null -w '%{redirect_url}' --data-urlencode "redirect_uri=$(field redirect_uri)" \
  -d response_type=code --data-urlencode "client_id=$(field client_id)" --data-urlencode "scope=$(field scope)" \
  -d predefined-alice=alice "$(echo "$1" | sed -E 's#^(https?://[^/]+).*#\1#')/login")
curl -fsS "$to" >/dev/null
SH
chmod +x "$home/browser"
PATROL_BROWSER="$home/browser" cli/patrol login "$base" 2>/dev/null
cli/patrol git setup http://git.bench.invalid >/dev/null
git config --global credential.http://store.bench.invalid.helper "store --file=$home/git-credentials"
printf 'http://patrol:%s@store.bench.invalid\n' "$(printf 'protocol=http\nhost=git.bench.invalid\n\n' | git credential fill | sed -n 's/^password=//p')" \
  > "$home/git-credentials"
chmod 600 "$home/git-credentials"

# time_fill HOST: p50 and p99 (ms) of CALLS `git credential fill` for HOST.
time_fill() {
  local times=() t0 t1
  for _ in $(seq 1 "$calls"); do
    t0=$(date +%s%N)
    printf 'protocol=http\nhost=%s\n\n' "$1" | git credential fill | grep -q '^password=ptl_' \
      || { echo "no password for $1"; exit 1; }
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR]=$1} END {i50=int(NR*0.5+0.5); i99=int(NR*0.99+0.5); if (i50<1) i50=1; if (i99<1) i99=1; printf "p50 %d ms, p99 %d ms", v[i50], v[i99]}'
}

machine
# BENCH_CLI_JAVA_HOME: the JDK the launcher runs the CLI on (default the one above, 21+; the CLI runs on 17+).
[ -z "${BENCH_CLI_JAVA_HOME:-}" ] || export JAVA_HOME="$BENCH_CLI_JAVA_HOME"
echo "launcher's java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
store=$(time_fill store.bench.invalid)
plain=$(PATROL_CDS=off time_fill git.bench.invalid)
printf 'protocol=http\nhost=git.bench.invalid\n\n' | git credential fill >/dev/null # makes the archive (JDK 19+)
cds=$(time_fill git.bench.invalid)
echo "git credential fill, $calls calls each, a token already held:"
echo "  git's store helper (the floor):                       $store"
echo "  patrol git-credential, PATROL_CDS=off:                $plain"
echo "  patrol git-credential (launcher's class-data archive): $cds"

if [ ! -x /usr/bin/dbus-daemon ] || [ ! -x /usr/bin/gnome-keyring-daemon ] || [ ! -x /usr/bin/secret-tool ]; then
  echo "  patrol git-credential, secrets in GNOME Keyring:       skipped (no dbus-daemon, gnome-keyring or libsecret-tools)"
  exit 0
fi
# A session bus that starts no service on demand, and an unlocked login keyring in the scratch HOME.
mkdir -p "$home/keyring"
cat > "$home/keyring/bus.conf" <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=$home/keyring</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
XML
dbus-daemon --config-file="$home/keyring/bus.conf" --nofork --print-address=1 > "$home/keyring/address" 2>/dev/null &
keyring_pids+=($!)
for _ in $(seq 1 50); do [ -s "$home/keyring/address" ] && break; sleep 0.1; done
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$home/keyring/address")
printf keyring-password | XDG_RUNTIME_DIR="$home/keyring" gnome-keyring-daemon --unlock --components=secrets --foreground \
  > "$home/keyring/daemon.log" 2>&1 &
keyring_pids+=($!)
for i in $(seq 1 100); do # the daemon takes its name on the bus a moment after it starts
  printf probe | secret-tool store --label=probe probe yes 2>/dev/null && break
  [ "$i" -lt 100 ] || { echo "the Secret Service did not come up: $(cat "$home/keyring/daemon.log")"; exit 1; }
  sleep 0.1
done
# Another person's store on the same machine: the session and git's token go to the keyring.
export PATROL_CONFIG_DIR="$home/keyring/patrol" XDG_CACHE_HOME="$home/keyring/cache"
PATROL_BROWSER="$home/browser" cli/patrol login "$base" 2>&1 | grep -q 'OS credential store' \
  || { echo "the session did not go to the keyring"; exit 1; }
cli/patrol git setup http://git.bench.invalid >/dev/null
printf 'protocol=http\nhost=git.bench.invalid\n\n' | git credential fill >/dev/null # mints, makes the archive
keyring=$(time_fill git.bench.invalid)
echo "  patrol git-credential, secrets in GNOME Keyring:       $keyring"
