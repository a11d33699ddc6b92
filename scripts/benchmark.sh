#!/usr/bin/env bash
# Reproduces the figures of docs/benchmarks.md: starts a throwaway PostgreSQL on loopback, runs the
# load tool against each configuration, writes one JSON per run to artifacts/benchmarks/ and prints
# a summary table. Stops everything it started, by PID, when it ends.
#   scripts/benchmark.sh [DURATION_SECONDS]   (default 20; warm-up 5 s each)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20}"
warmup=5
out="artifacts/benchmarks"
pgdir="$(mktemp -d /tmp/inventory-bench-pg.XXXXXX)"
pids=()

source scripts/throwaway-postgres.sh
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  throwaway_pg_stop "$pgdir"
}
trap cleanup EXIT

dotnet build InventoryGrains.sln -c Release -v quiet -nologo >/dev/null
throwaway_pg_start "$pgdir"
pg="$THROWAWAY_PG"
mkdir -p "$out"
load() { dotnet src/InventoryGrains.LoadTest/bin/Release/net10.0/InventoryGrains.LoadTest.dll --warmup "$warmup" --duration "$duration" "$@"; }
free_port() { throwaway_pg_free_port; }
# The log must be new (removed before the process starts): an old one would match at once.
wait_for() { for _ in $(seq 1 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timed out waiting for '$2' in $1" >&2; return 1; }

rm -f "$out"/*.json
echo "== in-memory, one in-process silo"
load --scenario bulk-update --storage memory --items 20000 --json "$out/memory-bulk-update.json"
load --scenario hot-decrement --storage memory --hot-items 1 --bulk-size 1 --concurrency 256 --initial-stock 100000000 --json "$out/memory-hot-decrement-1x256.json"
load --scenario mixed --storage memory --items 20000 --json "$out/memory-mixed.json"
load --scenario quantities --storage memory --items 20000 --bulk-size 1 --concurrency 64 --compare-decrement --json "$out/memory-quantities-1.json"
load --scenario quantities --storage memory --items 20000 --bulk-size 10 --concurrency 64 --compare-decrement --json "$out/memory-quantities-10.json"

echo "== PostgreSQL, one in-process silo: the item store, then the SQL baselines on the same database"
load --scenario bulk-update --storage postgres --connection-string "$pg" --items 20000 --compare-sql --json "$out/postgres-bulk-update.json"
echo "== PostgreSQL, one in-process silo: the item store without, then with a webhook registered (receiver in the load tool)"
load --scenario bulk-update --storage postgres --connection-string "$pg" --items 20000 --webhook --json "$out/postgres-bulk-update-webhook.json"
echo "== PostgreSQL, one in-process silo: Orleans' ADO.NET grain storage for items, to compare with"
load --scenario bulk-update --storage postgres --item-storage ado-net --connection-string "$pg" --items 20000 --json "$out/postgres-adonet-bulk-update.json"
echo "== PostgreSQL, hot items"
load --scenario hot-decrement --storage postgres --connection-string "$pg" --hot-items 1 --bulk-size 1 --concurrency 256 --initial-stock 100000000 --json "$out/postgres-hot-decrement-1x256.json"
load --scenario hot-decrement --storage postgres --connection-string "$pg" --hot-items 4 --bulk-size 1 --concurrency 64 --initial-stock 100000000 --json "$out/postgres-hot-decrement-4x64.json"
echo "== PostgreSQL, quantity operations of 1 and 10 lines (all or nothing), each then Wix bulk decrements of as many entries"
load --scenario quantities --storage postgres --connection-string "$pg" --items 20000 --bulk-size 1 --concurrency 64 --compare-decrement --json "$out/postgres-quantities-1.json"
load --scenario quantities --storage postgres --connection-string "$pg" --items 20000 --bulk-size 10 --concurrency 64 --compare-decrement --json "$out/postgres-quantities-10.json"

echo "== PostgreSQL, checkouts: three-line reservations (256 buyers), reservations of 1-3 lines (no hot item, then 4 hot items), and a flash sale of one item to 256 buyers"
load --scenario checkout --storage postgres --connection-string "$pg" --items 20000 --hot-items 20000 --bulk-size 3 --fixed-lines --concurrency 256 --json "$out/postgres-checkout-three-lines.json"
load --scenario checkout --storage postgres --connection-string "$pg" --items 20000 --hot-items 20000 --bulk-size 3 --concurrency 64 --json "$out/postgres-checkout.json"
load --scenario checkout --storage postgres --connection-string "$pg" --items 20000 --hot-items 4 --bulk-size 3 --concurrency 64 --json "$out/postgres-checkout-hot.json"
load --scenario checkout --storage postgres --connection-string "$pg" --items 1 --hot-items 1 --bulk-size 1 --concurrency 256 --initial-stock 100000000 --json "$out/postgres-flash-sale.json"

echo "== PostgreSQL, two silo processes, the load tool as a grain client"
dotnet src/InventoryGrains.Silo/bin/Release/net10.0/InventoryGrains.Silo.dll setup-database >/dev/null 2>&1 || true
for n in 1 2; do
  rm -f "$out/silo-$n.log"
  ConnectionStrings__Inventory="$pg" Inventory__Cluster__ClusterId=bench \
  Inventory__Cluster__SiloPort="$(free_port)" Inventory__Cluster__GatewayPort="$(free_port)" \
    dotnet src/InventoryGrains.Silo/bin/Release/net10.0/InventoryGrains.Silo.dll >"$out/silo-$n.log" 2>&1 &
  pids+=("$!")
done
wait_for "$out/silo-1.log" "Silo started"; wait_for "$out/silo-2.log" "Silo started"
load --target cluster --connection-string "$pg" --cluster-id bench --scenario bulk-update --items 20000 --json "$out/postgres-2silos-bulk-update.json"

echo "== HTTP front-end (embedded, in-memory), Wix bulk routes"
port="$(free_port)"
rm -f "$out/api.log"
ConnectionStrings__Inventory= Inventory__Cluster__SiloPort="$(free_port)" Inventory__Cluster__GatewayPort="$(free_port)" \
  dotnet src/InventoryGrains.Api/bin/Release/net10.0/InventoryGrains.Api.dll --urls "http://127.0.0.1:$port" >"$out/api.log" 2>&1 &
pids+=("$!")
wait_for "$out/api.log" "Now listening"
load --target http --url "http://127.0.0.1:$port" --scenario bulk-update --items 20000 --json "$out/http-bulk-update.json"

if command -v python3 >/dev/null; then
  python3 - "$out" <<'PY'
import json, pathlib, sys
runs = {p.stem: json.loads(p.read_text()) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.json"))}
print("\n| run | items/s | bulks/s | p50 ms | p95 ms | p99 ms | max ms | errors | verified |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
for name, report in runs.items():
    for key in ("results", "withWebhook", "afterWebhook", "baseline", "historyBaseline", "decrementComparison"):
      for run in (report.get(key) if isinstance(report.get(key), list) else [report.get(key)]):
        if not run: continue
        f, l = run["figures"], run["figures"]["latency"]
        errors = ", ".join(f"{k} {v}" for k, v in f["errors"].items()) or "0"
        label = run["scenario"] if key == "withWebhook" else {"results": name, "withWebhook": f"{name}: with a webhook", "afterWebhook": f"{name}: again, without", "baseline": f"{name}: sql-baseline", "historyBaseline": f"{name}: sql-baseline-history", "decrementComparison": f"{name}: wix bulk decrement"}[key]
        print(f"| {label} | {f['itemsPerSecond']:,.0f} | {f['bulksPerSecond']:,.1f} | {l['p50Ms']:.1f} | {l['p95Ms']:.1f} | {l['p99Ms']:.1f} | {l['maxMs']:.1f} | {errors} | {run['verification']['verified']} |")
print()
for name, report in runs.items():
    store = report["results"].get("store")
    if store:
        print(f"- {name}: {store['batches']:,} write batches, {store['meanBatchSize']:.0f} writes each on average (median {store['medianBatchSize']}, max {store['maxBatchSize']}); "
              f"queue wait p50 {store['queueWait']['p50Ms']:.1f} ms, p99 {store['queueWait']['p99Ms']:.1f} ms; commit p50 {store['flush']['p50Ms']:.1f} ms, p99 {store['flush']['p99Ms']:.1f} ms")
    ledger = report["results"]["verification"].get("storedLedger")
    if ledger:
        print(f"- {name}: stored rows against their ledgers: {ledger['items']:,} items, {ledger['entries']:,} entries, {len(ledger['problems'])} disagreements")
def ips(name, key="results"):
    return runs[name][key]["figures"]["itemsPerSecond"] if name in runs and runs[name].get(key) else None
durable, memory, adonet = ips("postgres-bulk-update"), ips("memory-bulk-update"), ips("postgres-adonet-bulk-update")
print()
if durable and memory: print(f"- durable / in-memory bulk update: x {durable / memory:.2f}")
if durable and adonet: print(f"- item store / ADO.NET grain storage: x {durable / adonet:.1f}")
webhook = runs.get("postgres-bulk-update-webhook", {})
if webhook.get("webhookRatio"):
    print(f"- with a webhook / without (A B B A means): items/s x {webhook['webhookRatio']['itemsPerSecond']:.3f}; "
          f"receiver: {webhook['webhook']['changes']:,} changes in {webhook['webhook']['deliveries']:,} deliveries, {len(webhook['webhook']['problems'])} problems")
for key, label in (("ratio", "plain SQL baseline"), ("historyRatio", "SQL baseline with a history row")):
    ratio = runs.get("postgres-bulk-update", {}).get(key)
    if ratio: print(f"- item store / {label}: items/s x {ratio['itemsPerSecond']:.3f}, p99 x {ratio['p99']:.2f}")
for name in ("memory-quantities-1", "memory-quantities-10", "postgres-quantities-1", "postgres-quantities-10"):
    ratio = runs.get(name, {}).get("decrementRatio")
    if ratio: print(f"- {name}: {runs[name]['results']['figures']['bulksPerSecond']:,.0f} requests/s; / Wix bulk decrement of as many entries: items/s x {ratio['itemsPerSecond']:.3f}, p99 x {ratio['p99']:.2f}")
hot = ips("postgres-hot-decrement-1x256")
if hot: print(f"- one hot item on PostgreSQL, 256 callers: {hot:,.0f} acknowledged decrements/s")
PY
fi
