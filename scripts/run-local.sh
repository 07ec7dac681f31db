#!/usr/bin/env bash
# Runs the service on its embedded defaults: its own PostgreSQL on 127.0.0.1:55433 (data in .local/pg), migrations
# and sample data, local checkout (no Stripe keys), listening on http://localhost:7071. Each step says what it does.
#   scripts/run-local.sh         start; Ctrl-C stops the service and the PostgreSQL this run started
#   scripts/run-local.sh stop    stop whatever an earlier run left behind (the service and its PostgreSQL)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data="$root/.local/pg"
pg_port=55433
url=http://localhost:7071
dll="$root/Discounts.Functions/bin/Release/net10.0/Discounts.Functions.dll"
pidfile="$root/.local/service.pid"
export ASPNETCORE_ENVIRONMENT=Development

began=$SECONDS
step() { printf '[%3ds] %s\n' $((SECONDS - began)) "$*"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ ${1:-} == stop ]]; then
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    step "Stopping the service (pid $(cat "$pidfile"))"
    kill -TERM "$(cat "$pidfile")"
    while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$pidfile"
  step "Stopping PostgreSQL on 127.0.0.1:$pg_port"
  scripts/pg.sh stop "$data"
  step "Stopped."
  exit 0
elif [[ $# -gt 0 ]]; then
  echo "usage: scripts/run-local.sh [stop]" >&2
  exit 2
fi

step "Starting the discount service on its local defaults (stop it with Ctrl-C)."
if listening 7071; then
  step "Something already listens on $url: another run? Stop it with Ctrl-C in its terminal, or: scripts/run-local.sh stop"
  exit 1
fi

svc=""
poller=""
pg_started=0
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [[ -n $poller ]] && kill "$poller" 2>/dev/null
  if [[ -n $svc ]] && kill -0 "$svc" 2>/dev/null; then
    step "Stopping the service"
    kill -TERM "$svc" 2>/dev/null || true
    wait "$svc" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  if [[ $pg_started == 1 ]]; then
    step "Stopping PostgreSQL on 127.0.0.1:$pg_port"
    scripts/pg.sh stop "$data"
  fi
  step "Stopped; nothing this run started is left running."
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if scripts/pg.sh status "$data"; then
  step "PostgreSQL is already running on 127.0.0.1:$pg_port (left running at the end: scripts/run-local.sh stop stops it)"
else
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    step "Installing PostgreSQL from Debian's packages (about 1 minute, once)"
  fi
  step "Starting PostgreSQL on 127.0.0.1:$pg_port (data in .local/pg; a few seconds, 10 s when new)"
  pg_started=1
  scripts/pg.sh start "$data" "$pg_port"
fi

mkdir -p "$root/.local"
if [[ -f "$dll" ]]; then
  step "Building the service (Release; a few seconds when nothing changed)"
else
  step "Building the service (Release; the first build restores NuGet packages: about 90 s)"
fi
if ! dotnet build Discounts.Functions -c Release -v quiet -nologo >"$root/.local/build.log" 2>&1; then
  grep -E "error|Error" "$root/.local/build.log" | sort -u | head -20
  step "The build failed; the whole log is in .local/build.log"
  exit 1
fi

step "Migrating the database and seeding the sample data"
dotnet "$dll" seed | sed 's/^/        /'

step "Starting the service on $url (migrations run again at start: nothing left to do)"
(cd Discounts.Functions && exec dotnet "$dll") &
svc=$!
echo "$svc" >"$pidfile"
(
  for _ in $(seq 1 120); do
    if listening 7071; then
      step "Ready: $url"
      cat <<TEXT
        API reference  $url/api/docs
        Admin console  $url/console/   (development sign-in)
        Health         $url/api/health
        A token        scripts/token.sh --user u1 --admin
        Stop           Ctrl-C (or scripts/run-local.sh stop from another terminal)
TEXT
      exit 0
    fi
    kill -0 "$svc" 2>/dev/null || exit 0
    sleep 0.5
  done
) &
poller=$!
rc=0
wait "$svc" || rc=$?
svc=""
exit "$rc"
