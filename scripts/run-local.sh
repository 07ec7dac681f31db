#!/usr/bin/env bash
# Runs the service on its embedded defaults: its own PostgreSQL on 127.0.0.1:55433 (data in .local/pg),
# migrations and sample data, local checkout (no Stripe keys), listening on http://localhost:7071.
set -euo pipefail
export ASPNETCORE_ENVIRONMENT=Development
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/pg.sh start "$root/.local/pg" 55433
dotnet build Discounts.Functions -c Release -v quiet -nologo
dotnet run --no-build -c Release --project Discounts.Functions -- seed
echo "Service: http://localhost:7071/api/health  (token: dotnet run --project Discounts.Functions -- token --user u1 --admin)"
exec dotnet run --no-build -c Release --project Discounts.Functions
