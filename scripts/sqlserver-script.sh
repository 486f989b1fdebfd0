#!/usr/bin/env bash
# Regenerates the checked-in idempotent SQL Server deployment script after a migration is added.
# No SQL Server is needed: the script is generated from the migrations alone.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent \
  --project ReviewConsole.Core --startup-project ReviewConsole.Core \
  --context SqlServerReviewDbContext \
  --output ReviewConsole.Core/Persistence/Migrations/SqlServer/ReviewConsole.SqlServer.sql
