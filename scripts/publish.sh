#!/usr/bin/env bash
# Produces a deployable Azure Functions custom-handler app in <out> (default publish/app) and <out>.zip:
#   host.json, one <FunctionName>/function.json per function (written from the function catalog),
#   bin/ with the self-contained linux-x64 handler. No local settings and no secrets are included.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/publish/app}
rm -rf "$out" "$out.zip"
mkdir -p "$out"
dotnet publish "$root/Discounts.Functions" -c Release -r linux-x64 --self-contained -p:DebugType=none \
  -o "$out/bin" -nologo -v quiet
cp "$root/host.json" "$out/host.json"
"$out/bin/Discounts.Functions" functions-metadata "$out" >/dev/null
if [[ -e "$out/bin/appsettings.Development.json" ]]; then echo "local settings leaked into the package" >&2; exit 1; fi
(cd "$out" && python3 -c 'import shutil,sys; shutil.make_archive(sys.argv[1], "zip", ".")' "$out")
echo "$out"
echo "$out.zip"
