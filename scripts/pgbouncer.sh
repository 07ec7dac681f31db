#!/usr/bin/env bash
# A private PgBouncer in transaction mode in front of this project's PostgreSQL: production's topology (Azure
# Flexible Server's built-in PgBouncer pools by transaction) on loopback, never a developer's pooler.
#   scripts/pgbouncer.sh start <dir> <listen-port> <postgres-port>   install PgBouncer if missing, (re)write its config, start it
#   scripts/pgbouncer.sh stop  <dir>
# Every database of the cluster is reachable through it (a '*' entry), as any role of the cluster with trust
# authentication (roles other than postgres are looked up with auth_query, so the least-privilege tests' roles work). PgBouncer refuses to run as root, so as root it runs as the 'postgres' user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ $cmd == stop ]]; then
  if [[ -f "$dir/pgbouncer.pid" ]]; then
    pid=$(cat "$dir/pgbouncer.pid")
    # SIGINT is a safe shutdown: PgBouncer waits for the transactions in flight. One that waits on PgBouncer in
    # turn would keep it waiting, so after 5 s SIGTERM shuts it down at once; the pid file goes only with the process.
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "PgBouncer ($pid) did not stop" >&2; exit 1; fi
    rm -f "$dir/pgbouncer.pid"
  fi
  exit 0
fi

port=${3:?listen port}; pg_port=${4:?postgres port}
if ! command -v pgbouncer >/dev/null && [[ ! -x /usr/sbin/pgbouncer ]]; then
  echo "Installing PgBouncer from Debian's packages..." >&2
  if [[ $(id -u) -ne 0 ]]; then echo "PgBouncer is missing; run as root once, or: sudo apt-get install -y pgbouncer" >&2; exit 1; fi
  apt-get update -qq >/dev/null
  # Debian's package would start its own pooler on 6432; policy-rc.d or no init system keeps it stopped, and
  # this project does not use it either way.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi
bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

mkdir -p "$dir"
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
# query_wait_timeout: a client waits at most 10 s for a server connection (PgBouncer's default is 120 s), so while
# the database refuses connections a request fails over to a 503 in seconds instead of holding a worker for minutes.
# Trust on loopback, like the cluster behind it; the user must still be listed.
echo '"postgres" ""' >"$dir/userlist.txt"
cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir = $dir
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
auth_type = trust
auth_file = $dir/userlist.txt
auth_user = postgres
auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename = \$1
admin_users = postgres
pool_mode = transaction
max_client_conn = 4000
default_pool_size = 20
max_db_connections = 0
query_wait_timeout = 10
server_reset_query =
INI
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"/userlist.txt "$dir"/pgbouncer.ini; fi

if [[ -f "$dir/pgbouncer.pid" ]] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then
  # Running already: pick up the config (the port of the cluster may have changed).
  kill -HUP "$(cat "$dir/pgbouncer.pid")"
  exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Port $port is taken by another process; PgBouncer not started" >&2
  exit 1
fi
as_owner "$bin" -d "$dir/pgbouncer.ini"
for _ in $(seq 1 50); do
  if [[ -f "$dir/pgbouncer.pid" ]] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null &&
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
  sleep 0.1
done
echo "PgBouncer did not start; see $dir/pgbouncer.log" >&2
exit 1
