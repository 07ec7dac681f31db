#!/usr/bin/env bash
# The benchmark: the standalone service on loopback with its own PostgreSQL (127.0.0.1:55434, default durable
# settings), driven over HTTP, then pgbench on the same database. Prints one table. `--quick` for a short run;
# `--analytics` instead seeds 1,000,000 usages and prints the admin analytics' timings and query plans;
# `--service-setting K=V,...` changes the service's settings; `--trace FILE` samples the service with dotnet-trace;
# `--topologies` instead compares auto-prepare on, off (the default) and PgBouncer in transaction mode (127.0.0.1:55435).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${DISCOUNTS_BENCH_PGDATA:-/tmp/discounts-bench-pg}
port=${DISCOUNTS_BENCH_PGPORT:-55434}
# pg_stat_statements shows where PostgreSQL's time goes during the hot scenario.
PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements" scripts/pg.sh start "$data" "$port"
pgb=${DISCOUNTS_BENCH_PGBOUNCER_DIR:-/tmp/discounts-bench-pgbouncer}
pgb_port=${DISCOUNTS_BENCH_PGBOUNCER_PORT:-55435}
scripts/pgbouncer.sh start "$pgb" "$pgb_port" "$port"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "DROP DATABASE IF EXISTS discounts_bench WITH (FORCE)"
dotnet build bench/Discounts.Bench -c Release -v quiet -nologo >/dev/null
status=0
dotnet bench/Discounts.Bench/bin/Release/net10.0/Discounts.Bench.dll \
  --app "$root/Discounts.Functions/bin/Release/net10.0/Discounts.Functions.dll" \
  --pgbench "$bin/pgbench" --db-port "$port" --db discounts_bench --pg-log "$data/server.log" --pg-data "$data" --pgbouncer-port "$pgb_port" "$@" || status=$?
scripts/pgbouncer.sh stop "$pgb"
scripts/pg.sh stop "$data"
exit $status
