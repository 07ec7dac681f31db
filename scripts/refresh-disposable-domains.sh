#!/usr/bin/env bash
# Refreshes Discounts.Core/Fraud/disposable-domains.txt from the npm package "disposable-email-domains"
# (MIT, github.com/ivolo/disposable-email-domains): its index.json and wildcard.json, one domain a line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-latest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "disposable-email-domains@$version" -q >/dev/null && tar xzf disposable-email-domains-*.tgz)
python3 - "$work/package" "$root/Discounts.Core/Fraud/disposable-domains.txt" <<'PY'
import json, sys
package, out = sys.argv[1], sys.argv[2]
meta = json.load(open(f"{package}/package.json"))
domains = set(json.load(open(f"{package}/index.json"))) | set(json.load(open(f"{package}/wildcard.json")))
with open(out, "w") as f:
    f.write(f"# disposable-email-domains {meta['version']} (MIT, https://github.com/ivolo/disposable-email-domains)\n")
    f.write("# refreshed by scripts/refresh-disposable-domains.sh; one domain a line\n")
    for d in sorted(d.strip().lower() for d in domains if d.strip()):
        f.write(d + "\n")
print(f"{len(domains)} domains from disposable-email-domains {meta['version']}")
PY
