#!/usr/bin/env bash
# The whole test suite on a fresh machine: a private PostgreSQL on 127.0.0.1:55432 (installed from Debian's
# packages when missing), then every test. Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${DISCOUNTS_TEST_PGDATA:-/tmp/discounts-test-pg}
port=${DISCOUNTS_TEST_PGPORT:-55432}
PG_FAST=1 scripts/pg.sh start "$data" "$port" || { echo "0 passed, 1 failed"; exit 1; }
export DISCOUNTS_TEST_DB="Host=127.0.0.1;Port=$port;Username=postgres"

# The infrastructure code is part of the suite: it must compile and lint clean.
bicep_failed=0
scripts/bicep.sh || bicep_failed=1

results=$(mktemp -d)
export DISCOUNTS_TEST_DIAGNOSTICS="$results/diagnostics.txt"
dotnet test Discounts.sln -c Release --nologo -v quiet \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
[[ ${DISCOUNTS_TEST_KEEP_PG:-0} == 1 ]] || scripts/pg.sh stop "$data"

trx=$(find "$results" -name '*.trx' | head -1)
if [[ -z "$trx" ]]; then
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
passed=$(( ${passed:-0} + 1 - bicep_failed )); failed=$(( ${failed:-0} + bicep_failed ))
skipped=$(( ${total:-0} - ${executed:-0} ))
if [[ $status -ne 0 ]]; then
  # A failure outside any test (a fixture's cleanup, the test host) fails the run: show it and count it.
  [[ -s "$DISCOUNTS_TEST_DIAGNOSTICS" ]] && head -c 20000 "$DISCOUNTS_TEST_DIAGNOSTICS"
  (( failed == 0 )) && failed=1
fi
line="${passed:-0} passed, ${failed:-0} failed"
(( skipped > 0 )) && line="$line, $skipped skipped"
echo "$line"
[[ $status -eq 0 && ${failed:-0} -eq 0 && ${passed:-0} -gt 0 ]]
