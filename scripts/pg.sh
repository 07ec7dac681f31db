#!/usr/bin/env bash
# A private PostgreSQL cluster for this project: its own data directory and port, never a developer's database.
#   scripts/pg.sh start <data-dir> <port>   install PostgreSQL if missing, create the cluster if new, start it
#   scripts/pg.sh stop  <data-dir>
#   scripts/pg.sh status <data-dir>        exit 0 when the cluster is running
# Trust authentication on 127.0.0.1 only. initdb refuses to run as root, so as root the cluster belongs to
# the 'postgres' user.
set -euo pipefail
cmd=${1:?start|stop|status}; data=${2:?data directory}; port=${3:-55432}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ $cmd == status ]]; then
  bin=$(pg_bin) || exit 1
  [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
  exit
fi

if [[ $cmd == stop ]]; then
  bin=$(pg_bin) || exit 0
  [[ -f "$data/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
  exit 0
fi

if ! bin=$(pg_bin); then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  if [[ $(id -u) -ne 0 ]]; then echo "PostgreSQL is missing; run as root once, or: sudo apt-get install -y postgresql" >&2; exit 1; fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # Debian's package starts its own cluster on 5432; this project does not use it.
  bin=$(pg_bin)
fi

mkdir -p "$data"
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
if [[ ! -f "$data/PG_VERSION" ]]; then
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 400
shared_buffers = 256MB
max_locks_per_transaction = 256
CONF
fi
# A test cluster trades durability for speed (crash safety is not under test; correctness is).
# PG_OPTIONS adds server options (the benchmark preloads pg_stat_statements).
opts=${PG_OPTIONS:-}
if [[ ${PG_FAST:-0} == 1 ]]; then opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
extra=()
if [[ -n "$opts" ]]; then extra=(-o "$opts"); fi
if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 "${extra[@]}" start >/dev/null
fi
for _ in $(seq 1 60); do
  "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q && exit 0
  sleep 0.5
done
echo "PostgreSQL did not start; see $data/server.log" >&2
exit 1
