#!/usr/bin/env bash
# Compiles and lints infra/*.bicep with the Bicep command line from NuGet (Azure.Bicep.CommandLine.linux-x64).
# Fails on any error or warning.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet restore "$root/infra/tools/BicepTool.csproj" -v quiet >/dev/null
bicep=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/0.49.2/tools" -name bicep -type f | head -1)
chmod +x "$bicep"
out=$(mktemp -d)
: >"$out/build.log"
for file in "$root"/infra/*.bicep; do
  # Appended, file after file: every file's warnings count, not only the last one's.
  "$bicep" build "$file" --outdir "$out" 2>&1 | tee -a "$out/build.log"
  "$bicep" lint "$file" 2>&1 | tee -a "$out/build.log"
done
if grep -qE "(Error|Warning) BCP|: (Error|Warning) " "$out/build.log"; then
  echo "bicep: errors or warnings above" >&2
  exit 1
fi
echo "bicep: $(ls "$root"/infra/*.bicep | wc -l) file(s) built and linted"
