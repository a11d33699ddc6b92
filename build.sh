#!/usr/bin/env bash
# InventoryGrains build entry point.
#   ./build.sh run              run the service embedded (silo + API, in-memory, dev key)
#   ./build.sh test             restore, build, start a throwaway PostgreSQL, run every test, stop it
#   ./build.sh setup-database   create the schema in the database of ConnectionStrings__Inventory
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(pwd)
configuration=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

run_tests() {
  dotnet restore InventoryGrains.sln
  dotnet build InventoryGrains.sln -c "$configuration" --no-restore

  source scripts/throwaway-postgres.sh
  local pgdir="$root/.test-pg"
  if throwaway_pg_bindir >/dev/null; then
    trap 'throwaway_pg_stop "$pgdir"' EXIT
    throwaway_pg_start "$pgdir"
    export INVENTORY_TEST_PG="$THROWAWAY_PG"
  elif [ -n "${INVENTORY_TEST_PG:-}" ]; then
    echo "No PostgreSQL binaries found; using INVENTORY_TEST_PG." >&2
  else
    echo "The PostgreSQL tests need a server: install PostgreSQL (initdb/pg_ctl) or set INVENTORY_TEST_PG to an Npgsql connection string of a user that may create databases." >&2
    exit 1
  fi

  local results="$root/artifacts/test-results"
  rm -rf "$results"
  dotnet test InventoryGrains.sln -c "$configuration" --no-build \
    --logger "console;verbosity=normal" --logger "trx" --results-directory "$results"
}

case "${1:-}" in
  run) shift; exec dotnet run --project src/InventoryGrains.Api -- "$@" ;;
  test) run_tests ;;
  setup-database) shift; exec dotnet run --project src/InventoryGrains.Silo -- setup-database "$@" ;;
  *) sed -n '2,5p' "$0"; exit 2 ;;
esac
