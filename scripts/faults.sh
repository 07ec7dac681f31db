#!/usr/bin/env bash
# The fault suite: mixed traffic (validate, apply, checkout, webhooks, timers) against the standalone service while,
# one at a time, PostgreSQL restarts (pg_ctl -m fast), its postmaster is killed (-9), the service is killed (-9) and
# started again, PgBouncer restarts, Stripe answers 500, Stripe answers slowly, and the database refuses new
# connections. design.md's invariants are checked in the database after each; prints one table and a verdict, and
# exits non-zero when an invariant failed or any 5xx other than 503 was answered.
#   scripts/faults.sh [--quick] [--direct] [--users N] [--only key,key] [--service-setting K=V ...]
# --quick: every fault, a few seconds each (CI). --direct: the service talks to PostgreSQL without PgBouncer.
# Its own PostgreSQL on 127.0.0.1:55436 (data /tmp/discounts-faults-pg, durable settings) and PgBouncer 1.18 in
# transaction mode on 127.0.0.1:55437 (/tmp/discounts-faults-pgb); both are stopped again at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${DISCOUNTS_FAULTS_PGDATA:-/tmp/discounts-faults-pg}
port=${DISCOUNTS_FAULTS_PGPORT:-55436}
pgb_dir=${DISCOUNTS_FAULTS_PGBDIR:-/tmp/discounts-faults-pgb}
pgb_port=${DISCOUNTS_FAULTS_PGBPORT:-55437}
logs=${DISCOUNTS_FAULTS_LOGS:-/tmp/discounts-faults-logs}
direct=0
for arg in "$@"; do [[ $arg == --direct ]] && direct=1; done

cleanup() {
  scripts/pgbouncer.sh stop "$pgb_dir" >/dev/null 2>&1 || true
  scripts/pg.sh stop "$data" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Durable settings (no PG_FAST): a crash must lose nothing that was committed.
PG_FAST=0 scripts/pg.sh start "$data" "$port"
if [[ $direct == 0 ]]; then
  scripts/pgbouncer.sh start "$pgb_dir" "$pgb_port" "$port"
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
rm -rf "$logs"; mkdir -p "$logs"
dotnet build bench/Discounts.Faults -c Release -v quiet -nologo >"$logs/build.log" 2>&1 || { cat "$logs/build.log"; exit 1; }
status=0
dotnet bench/Discounts.Faults/bin/Release/net10.0/Discounts.Faults.dll \
  --app "$root/Discounts.Functions/bin/Release/net10.0/Discounts.Functions.dll" --scripts "$root/scripts" \
  --pg-bin "$bin" --pg-data "$data" --pg-port "$port" --pgb-dir "$pgb_dir" --pgb-port "$pgb_port" --log-dir "$logs" "$@" || status=$?
exit $status
