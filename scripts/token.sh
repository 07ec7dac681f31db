#!/usr/bin/env bash
# Prints a development token signed with the local key (appsettings.Development.json), on run-local.sh's build.
#   scripts/token.sh --user u1 [--email u1@example.com] [--admin]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll="$root/Discounts.Functions/bin/Release/net10.0/Discounts.Functions.dll"
if [[ ! -f "$dll" ]]; then
  echo "Building the service first (the first build takes about 90 s)..." >&2
  dotnet build "$root/Discounts.Functions" -c Release -v quiet -nologo >&2
fi
exec dotnet "$dll" token "$@"
