#!/usr/bin/env bash
# InventoryGrains build entry point.
#   ./build.sh run                    run the service embedded (silo + API, in-memory, dev key)
#   ./build.sh test                   restore, build, start a throwaway PostgreSQL, run every test, stop it
#   ./build.sh reliability            the reliability and security tests alone (fault runs 4x longer), printing their figures
#   ./build.sh setup-database         create the database and schema of ConnectionStrings__Inventory
#   ./build.sh with-postgres CMD...   run CMD with INVENTORY_TEST_PG set to a throwaway PostgreSQL
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(pwd)
configuration=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
source scripts/throwaway-postgres.sh

# Says what failed and why in one line, on stderr, and fails.
fail() { echo "build.sh: $*" >&2; return 1; }

build() {
  dotnet restore InventoryGrains.sln || { fail "restoring the NuGet packages failed (see above)"; return; }
  dotnet build InventoryGrains.sln -c "$configuration" --no-restore || fail "the build failed (see the errors above)"
}

# Starts a throwaway PostgreSQL in a directory of its own under the system's temporary folder (the
# server's user must reach it wherever the clone lives), exports INVENTORY_TEST_PG, and stops and
# removes it when the script exits, however it exits.
start_postgres() {
  if throwaway_pg_bindir >/dev/null; then
    pgdir=$(mktemp -d "${TMPDIR:-/tmp}/inventory-test-pg.XXXXXX") || { fail "could not create a temporary directory for PostgreSQL"; return; }
    trap 'throwaway_pg_stop "$pgdir"' EXIT
    throwaway_pg_start "$pgdir" || { fail "the throwaway PostgreSQL did not start: $THROWAWAY_PG_ERROR"; return; }
    export INVENTORY_TEST_PG="$THROWAWAY_PG"
  elif [ -n "${INVENTORY_TEST_PG:-}" ]; then
    echo "No PostgreSQL binaries found; using INVENTORY_TEST_PG." >&2
  else
    fail "the PostgreSQL tests need a server: install PostgreSQL (initdb, pg_ctl) or set INVENTORY_TEST_PG to an Npgsql connection string of a user that may create databases"
  fi
}

# The dashboard tests open the page in headless Chromium (Debian's package). When it is missing and
# this run may install packages (as root, like CI), install it; elsewhere those tests skip and say why.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || [ -n "${INVENTORY_CHROMIUM:-}" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the dashboard tests." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 \
      || echo "build.sh: chromium could not be installed; the dashboard page tests will be skipped" >&2
  else
    echo "No chromium and no root to install it: the dashboard page tests will be skipped (apt-get install chromium)." >&2
  fi
}

run_tests() {
  local results="$root/artifacts/test-results" status=0
  rm -rf "$results"
  ensure_chromium
  if build && start_postgres; then
    dotnet test InventoryGrains.sln -c "$configuration" --no-build \
      --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" || status=$?
  else
    status=1
  fi
  # The closing line comes whatever happened, so a failed set-up still ends in "0 passed, 0 failed".
  summarise_results "$results"
  return "$status"
}

# The silo kill, database outage and network partition under load, idempotency across front-ends,
# the junk corpus, the security matrix and the linearizability checks, with the figures they print
# kept in artifacts/reliability.txt.
run_reliability() {
  build && start_postgres || return
  mkdir -p "$root/artifacts"
  local status=0
  INVENTORY_LONG_RUNS=1 dotnet test InventoryGrains.sln -c "$configuration" --no-build --logger "console;verbosity=detailed" \
    --filter "FullyQualifiedName~SiloKillUnderLoad|FullyQualifiedName~DatabaseOutage|FullyQualifiedName~NetworkPartition|FullyQualifiedName~IdempotencyAcross|FullyQualifiedName~JunkInput|FullyQualifiedName~SecurityMatrix|FullyQualifiedName~Linearizab|FullyQualifiedName~PropertyTests" \
    > "$root/artifacts/reliability.log" 2>&1 || status=$?
  grep -E "^ *(Passed|Failed|Skipped) InventoryGrains|kill at|outage [0-9]|partition: cut|junk requests tried|cross-tenant accesses" "$root/artifacts/reliability.log" \
    | sed 's/^ *//' | tee "$root/artifacts/reliability.txt"
  return "$status"
}

# One closing line over every test project: "N passed, N failed, N skipped".
summarise_results() {
  local passed=0 failed=0 total=0 counters
  for trx in "$1"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
    total=$(( total + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters") ))
    passed=$(( passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters") ))
    failed=$(( failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters") ))
  done
  echo "$passed passed, $failed failed, $(( total - passed - failed )) skipped"
}

case "${1:-}" in
  run) shift; exec dotnet run --project src/InventoryGrains.Api -- "$@" ;;
  test) run_tests ;;
  reliability) run_reliability ;;
  setup-database) shift; exec dotnet run --project src/InventoryGrains.Silo -- setup-database "$@" ;;
  with-postgres) shift; [ $# -gt 0 ] || fail "with-postgres needs a command to run"; start_postgres && "$@" ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac
