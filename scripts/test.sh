#!/usr/bin/env bash
# The whole test suite on a fresh machine: a private PostgreSQL on 127.0.0.1:55432 and a PgBouncer in transaction
# mode in front of it on 127.0.0.1:55439 (both installed from Debian's packages when missing, as is Chromium for the
# console's browser tests), then every test on
# direct connections, then the tests of the data-changing features again through PgBouncer (production's
# topology), then the short fault suite (scripts/faults.sh --quick). Ends with one line: "N passed, N failed[, N
# skipped]" over both runs, the Bicep build and the fault suite.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${DISCOUNTS_TEST_PGDATA:-/tmp/discounts-test-pg}
port=${DISCOUNTS_TEST_PGPORT:-55432}
pgb=${DISCOUNTS_TEST_PGBOUNCER_DIR:-$data-pgbouncer}
pgb_port=${DISCOUNTS_TEST_PGBOUNCER_PORT:-$((port + 7))}
PG_FAST=1 scripts/pg.sh start "$data" "$port" || { echo "0 passed, 1 failed"; exit 1; }
scripts/pgbouncer.sh start "$pgb" "$pgb_port" "$port" || { scripts/pg.sh stop "$data"; echo "0 passed, 1 failed"; exit 1; }
# The console's browser tests drive Debian's Chromium (Playwright's own browser download cannot run here).
if ! command -v chromium >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Chromium is missing; run as root once, or: sudo apt-get install -y chromium" >&2
    scripts/pgbouncer.sh stop "$pgb"; scripts/pg.sh stop "$data"; echo "0 passed, 1 failed"; exit 1
  fi
  echo "Installing Chromium from Debian's packages (about a minute)..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null
fi
export DISCOUNTS_TEST_CHROMIUM=${DISCOUNTS_TEST_CHROMIUM:-$(command -v chromium)}
export DISCOUNTS_TEST_DB="Host=127.0.0.1;Port=$port;Username=postgres"
export DISCOUNTS_TEST_PGBOUNCER="Host=127.0.0.1;Port=$pgb_port;Username=postgres"

# The infrastructure code is part of the suite: it must compile and lint clean.
bicep_failed=0
scripts/bicep.sh || bicep_failed=1

results=$(mktemp -d)
export DISCOUNTS_TEST_DIAGNOSTICS="$results/diagnostics.txt"
dotnet test Discounts.sln -c Release --nologo -v quiet \
  --logger "trx;LogFileName=direct.trx" --results-directory "$results" "$@"
status=$?

# The same tests of everything that changes data, through PgBouncer: races, webhooks, timers, migrations and the admin features.
# Extra arguments narrow this run too (a --filter given to the script replaces this one).
pooled_filter="FullyQualifiedName~.Races.|FullyQualifiedName~.Webhooks.|FullyQualifiedName~.Reconciliation.|FullyQualifiedName~.Codes.|FullyQualifiedName~.Usages.|FullyQualifiedName~.Analytics.|FullyQualifiedName~.Export.|FullyQualifiedName~.Templates.|FullyQualifiedName~.Checkout.|FullyQualifiedName~.Reservations.|FullyQualifiedName~.Fraud.|FullyQualifiedName~.RateLimiting.|FullyQualifiedName~.Database."
filter=(--filter "$pooled_filter")
[[ " $* " == *" --filter "* ]] && filter=()
DISCOUNTS_TEST_TOPOLOGY=pgbouncer dotnet test Discounts.sln -c Release --nologo -v quiet --no-build \
  --logger "trx;LogFileName=pgbouncer.trx" --results-directory "$results" "${filter[@]}" "$@"
pooled_status=$?
(( status == 0 )) && status=$pooled_status

if [[ ${DISCOUNTS_TEST_KEEP_PG:-0} != 1 ]]; then
  scripts/pgbouncer.sh stop "$pgb"
  scripts/pg.sh stop "$data"
fi

# The short fault suite (docs/reliability.md): its own PostgreSQL and PgBouncer; one result in the count.
# DISCOUNTS_TEST_FAULTS=0 skips it (it is then counted as skipped), as does a filter given to this script.
faults_passed=0; faults_failed=0; faults_skipped=0
if [[ ${DISCOUNTS_TEST_FAULTS:-1} == 1 && " $* " != *" --filter "* ]]; then
  if scripts/faults.sh --quick >"$results/faults.log" 2>&1; then
    faults_passed=1
    tail -n 12 "$results/faults.log"
  else
    faults_failed=1
    tail -n 60 "$results/faults.log"
  fi
else
  faults_skipped=1
fi

trxs=$(find "$results" -name '*.trx')
if [[ -z "$trxs" ]]; then
  echo "0 passed, 1 failed"
  exit 1
fi
get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
passed=0; failed=0; skipped=0
for trx in $trxs; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$(( passed + $(get passed) )); failed=$(( failed + $(get failed) ))
  skipped=$(( skipped + $(get total) - $(get executed) ))
done
passed=$(( passed + 1 - bicep_failed + faults_passed )); failed=$(( failed + bicep_failed + faults_failed ))
skipped=$(( skipped + faults_skipped ))
if [[ $status -ne 0 ]]; then
  # A failure outside any test (a fixture's cleanup, the test host) fails the run: show it and count it.
  [[ -s "$DISCOUNTS_TEST_DIAGNOSTICS" ]] && head -c 20000 "$DISCOUNTS_TEST_DIAGNOSTICS"
  (( failed == 0 )) && failed=1
fi
line="${passed:-0} passed, ${failed:-0} failed"
(( skipped > 0 )) && line="$line, $skipped skipped"
echo "$line"
[[ $status -eq 0 && ${failed:-0} -eq 0 && ${passed:-0} -gt 0 ]]
