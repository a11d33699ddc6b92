using System.CommandLine;
using InventoryGrains.LoadTest;
using Spectre.Console;

var scenario = KebabEnumOption("--scenario", "what load to drive: revision-checked quantity sets in bulks, decrements of a few hot items, the four dialects' commands mixed, one SQL statement per bulk on a plain table, single calls checked for one history per item, or quantity operations of --bulk-size lines, all or nothing", ScenarioKind.BulkUpdate);
var target = KebabEnumOption("--target", "where the load goes: a silo in this process, a running cluster, or the HTTP front-end", TargetKind.InProcess);
var storage = KebabEnumOption("--storage", "for --target in-process: where grain state is kept", StorageKind.Memory);
var itemStorage = KebabEnumOption("--item-storage", "for --storage postgres: what keeps inventory items (the group-commit item store, or Orleans' ADO.NET storage to compare with)", ItemStorageKind.ItemStore);
var connectionString = new Option<string?>("--connection-string") { Description = "PostgreSQL (Npgsql) connection string: storage, membership table, SQL baseline, and the check of stored rows against their ledgers" };
var gatewayPort = new Option<int?>("--gateway-port") { Description = "for --target cluster without a connection string: the localhost gateway port" };
var clusterId = new Option<string>("--cluster-id") { Description = "for --target cluster", DefaultValueFactory = _ => "inventory" };
var url = new Option<Uri?>("--url")
{
    Description = "for --target http: the front-end's base URL",
    CustomParser = argument =>
    {
        if (Uri.TryCreate(argument.Tokens.Single().Value, UriKind.Absolute, out var parsed))
        {
            return parsed;
        }

        argument.AddError("--url must be an absolute URL, such as http://127.0.0.1:5080.");
        return null;
    },
};
var apiKey = new Option<string>("--api-key") { Description = "for --target http", DefaultValueFactory = _ => "dev-key" };
var tenant = new Option<string>("--tenant") { Description = "tenant of the grain-side runs", DefaultValueFactory = _ => "loadtest" };
var items = new Option<int>("--items") { Description = "items to create and update", DefaultValueFactory = _ => 10_000 };
var bulkSize = new Option<int>("--bulk-size") { Description = "entries per bulk request (at most 1000)", DefaultValueFactory = _ => 1000 };
var concurrency = new Option<int>("--concurrency") { Description = "concurrent clients, each with its own items", DefaultValueFactory = _ => 4 };
var hotItems = new Option<int>("--hot-items") { Description = "hot-decrement: how many items all clients decrement", DefaultValueFactory = _ => 4 };
var initialStock = new Option<int>("--initial-stock") { Description = "hot-decrement: each hot item's starting stock", DefaultValueFactory = _ => 1_000_000 };
var warmup = new Option<double>("--warmup") { Description = "seconds of load before measuring", DefaultValueFactory = _ => 5 };
var duration = new Option<double>("--duration") { Description = "seconds measured", DefaultValueFactory = _ => 30 };
var seed = new Option<int>("--seed") { Description = "seed of the random quantities and choices", DefaultValueFactory = _ => 1 };
var compareSql = new Option<bool>("--compare-sql") { Description = "bulk-update: then run the SQL baseline on the same database and print the ratio" };
var fixedLines = new Option<bool>("--fixed-lines") { Description = "checkout: every reservation holds exactly --bulk-size lines (otherwise 1 to --bulk-size)" };
var compareDecrement = new Option<bool>("--compare-decrement") { Description = "quantities: then run Wix bulk decrements of --bulk-size entries on the same items, at the same concurrency, and print the ratio" };
var retry = new Option<bool>("--retry") { Description = "bulk-update, hot-decrement: repeat changes of unknown outcome with their idempotency keys until definite, and verify each was applied exactly once" };
var webhook = new Option<bool>("--webhook") { Description = "bulk-update: then run again with a webhook registered (a receiver in this process on 127.0.0.1 checks signatures and order) and print both throughputs; a cluster's silos must allow private networks (Inventory:Webhooks:AllowPrivateNetworks)" };
var json = new Option<FileInfo?>("--json") { Description = "write the figures and the machine description to this file" };
var metricsUrl = new Option<string[]>("--metrics-url")
{
    Description = "a /metrics endpoint of a silo under load (repeat for each): the item store's batch sizes, queue wait and commit times of the run, read before and after it",
    DefaultValueFactory = _ => [],
};

var root = new RootCommand("Drives an InventoryGrains cluster and reports throughput, latency and whether every acknowledged change is there.")
{
    scenario, target, storage, itemStorage, connectionString, gatewayPort, clusterId, url, apiKey, tenant, items, bulkSize,
    concurrency, hotItems, initialStock, warmup, duration, seed, compareSql, compareDecrement, fixedLines, retry, webhook, json, metricsUrl,
};

root.SetAction(async (result, cancellation) =>
{
    var options = new LoadTestOptions
    {
        Scenario = Parse<ScenarioKind>(result.GetValue(scenario)),
        Target = Parse<TargetKind>(result.GetValue(target)),
        Storage = Parse<StorageKind>(result.GetValue(storage)),
        ItemStorage = Parse<ItemStorageKind>(result.GetValue(itemStorage)),
        ConnectionString = result.GetValue(connectionString),
        GatewayPort = result.GetValue(gatewayPort),
        ClusterId = result.GetValue(clusterId)!,
        Url = result.GetValue(url),
        ApiKey = result.GetValue(apiKey)!,
        Tenant = result.GetValue(tenant)!,
        Items = result.GetValue(items),
        BulkSize = result.GetValue(bulkSize),
        Concurrency = result.GetValue(concurrency),
        HotItems = result.GetValue(hotItems),
        InitialStock = result.GetValue(initialStock),
        Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
        Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
        Seed = result.GetValue(seed),
        CompareSql = result.GetValue(compareSql),
        CompareDecrement = result.GetValue(compareDecrement),
        FixedLines = result.GetValue(fixedLines),
        Retry = result.GetValue(retry),
        Webhook = result.GetValue(webhook),
        Json = result.GetValue(json),
        MetricsUrls = [.. (result.GetValue(metricsUrl) ?? []).Select(text => Uri.TryCreate(text, UriKind.Absolute, out var parsed) ? parsed : new Uri(text, UriKind.Relative))],
    };

    var problems = options.Problems().ToList();
    if (problems.Count > 0)
    {
        problems.ForEach(problem => AnsiConsole.MarkupLineInterpolated($"[red]{problem}[/]"));
        return 2;
    }

    if (Console.IsOutputRedirected)
    {
        // Redirected output has no terminal width; keep the table readable in a log file.
        AnsiConsole.Console.Profile.Width = 160;
    }

    try
    {
        var report = await LoadTestRunner.RunAsync(options, AnsiConsole.Console);
        return report.Verified ? 0 : 1;
    }
    catch (Exception exception) when (exception is not OutOfMemoryException)
    {
        // A run that cannot go on is one line and a non-zero exit, never a stack trace.
        await Console.Error.WriteLineAsync($"load: {LoadTestRunner.OneLine(exception)}");
        return 1;
    }
});

return await root.Parse(args).InvokeAsync();

// Enum options take their values in kebab-case (bulk-update), and --help lists them that way,
// default included.
static Option<string> KebabEnumOption<T>(string name, string description, T defaultValue) where T : struct, Enum
{
    var option = new Option<string>(name)
    {
        Description = description,
        DefaultValueFactory = _ => LoadTestRunner.Kebab(defaultValue),
    };
    option.AcceptOnlyFromAmong([.. Enum.GetValues<T>().Select(LoadTestRunner.Kebab)]);
    return option;
}

static T Parse<T>(string? kebab) where T : struct, Enum =>
    Enum.GetValues<T>().Single(value => string.Equals(LoadTestRunner.Kebab(value), kebab, StringComparison.Ordinal));
