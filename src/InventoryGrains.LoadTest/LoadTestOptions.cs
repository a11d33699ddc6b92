namespace InventoryGrains.LoadTest;

public enum ScenarioKind
{
    /// <summary>Revision-checked quantity sets, in bulks.</summary>
    BulkUpdate,

    /// <summary>Many clients decrementing a few items.</summary>
    HotDecrement,

    /// <summary>The four dialects' command kinds in one mix.</summary>
    Mixed,

    /// <summary>The bulk update done as one PostgreSQL statement per bulk against a plain table.</summary>
    SqlBaseline,

    /// <summary>Concurrent single calls on a few hot items, checked for one history per item.</summary>
    Linearizability,

    /// <summary>Quantity adjustments of --bulk-size lines over as many items, all or nothing, each with an idempotency key.</summary>
    Quantities,

    /// <summary>Buyers hold 1 to --bulk-size lines (hot items among them), then confirm, release or let the hold expire; checked against every reservation.</summary>
    Checkout,
}

public enum TargetKind
{
    /// <summary>A silo hosted in this process.</summary>
    InProcess,

    /// <summary>A running cluster, through its membership table or a localhost gateway.</summary>
    Cluster,

    /// <summary>The HTTP front-end (Wix routes).</summary>
    Http,
}

public enum StorageKind
{
    Memory,
    Postgres,
}

/// <summary>What keeps inventory items on PostgreSQL.</summary>
public enum ItemStorageKind
{
    /// <summary>The item store: typed rows and the change ledger, by group commit.</summary>
    ItemStore,

    /// <summary>Orleans' ADO.NET grain storage, one statement per write and no ledger (to compare with).</summary>
    AdoNet,
}

/// <summary>Everything one run needs; see the command line help for each option.</summary>
public sealed record LoadTestOptions
{
    public ScenarioKind Scenario { get; init; } = ScenarioKind.BulkUpdate;
    public TargetKind Target { get; init; } = TargetKind.InProcess;
    public StorageKind Storage { get; init; } = StorageKind.Memory;
    public ItemStorageKind ItemStorage { get; init; } = ItemStorageKind.ItemStore;
    public string? ConnectionString { get; init; }
    public int? GatewayPort { get; init; }
    public string ClusterId { get; init; } = "inventory";
    public Uri? Url { get; init; }
    public string ApiKey { get; init; } = "dev-key";
    public string Tenant { get; init; } = "loadtest";
    public int Items { get; init; } = 10_000;
    public int BulkSize { get; init; } = 1000;

    /// <summary>Quantities: then run Wix bulk decrements of as many entries on the same items, and print the ratio.</summary>
    public bool CompareDecrement { get; init; }

    /// <summary>Checkout: every reservation holds exactly <see cref="BulkSize"/> lines (otherwise 1 to that many).</summary>
    public bool FixedLines { get; init; }
    public int Concurrency { get; init; } = 4;
    public int HotItems { get; init; } = 4;
    public int InitialStock { get; init; } = 1_000_000;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Repeat every change whose outcome is unknown with the same idempotency key (HTTP) or
    /// operation ids (grain client) until it is definite, and demand that each was applied exactly once.
    /// </summary>
    public bool Retry { get; init; }

    /// <summary>After a grain-side bulk update, run the SQL baseline on the same database and compare.</summary>
    public bool CompareSql { get; init; }

    /// <summary>
    /// After the bulk update, run it again with a webhook registered to a receiver in this process
    /// (on 127.0.0.1), and compare: what the feed and its delivery cost the durable path.
    /// </summary>
    public bool Webhook { get; init; }

    public FileInfo? Json { get; init; }

    /// <summary>
    /// <c>/metrics</c> endpoints of the silos (or APIs hosting one) under load: read before and after
    /// the run for the item store's figures, when its batches run in other processes.
    /// </summary>
    public IReadOnlyList<Uri> MetricsUrls { get; init; } = [];

    /// <summary>Print one line per second (false in tests).</summary>
    public bool Live { get; init; } = true;

    /// <summary>
    /// Whether the run ends with a check of the items' stored rows against their ledgers: when the
    /// items are on PostgreSQL in the item store and the database is known.
    /// </summary>
    public bool ChecksStoredLedger =>
        Scenario != ScenarioKind.SqlBaseline
        && !string.IsNullOrWhiteSpace(ConnectionString)
        && ItemStorage == ItemStorageKind.ItemStore
        && (Target != TargetKind.InProcess || Storage == StorageKind.Postgres);

    public IEnumerable<string> Problems()
    {
        if (Items < 1 || BulkSize < 1 || Concurrency < 1 || HotItems < 1 || InitialStock < 0)
        {
            yield return "--items, --bulk-size, --concurrency and --hot-items must be positive, --initial-stock not negative.";
        }

        if (BulkSize > 1000)
        {
            yield return "--bulk-size is at most 1000, the service's bulk limit.";
        }

        if (Scenario == ScenarioKind.Quantities && (BulkSize > 250 || BulkSize > Items))
        {
            yield return "--bulk-size is the lines of a quantity operation: at most 250, and at most --items (each line names another item).";
        }

        if (Scenario == ScenarioKind.Checkout && (BulkSize > 100 || BulkSize > Items))
        {
            yield return "--bulk-size is the most lines of a checkout: at most 100, and at most --items (each line names another item).";
        }

        if (FixedLines && Scenario != ScenarioKind.Checkout)
        {
            yield return "--fixed-lines applies to the checkout scenario.";
        }

        if (CompareDecrement && Scenario != ScenarioKind.Quantities)
        {
            yield return "--compare-decrement applies to the quantities scenario.";
        }

        if (Duration <= TimeSpan.Zero || Warmup < TimeSpan.Zero)
        {
            yield return "--duration must be positive and --warmup not negative.";
        }

        var needsDatabase = Scenario == ScenarioKind.SqlBaseline || CompareSql || (Target == TargetKind.InProcess && Storage == StorageKind.Postgres);
        if (needsDatabase && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "This run needs --connection-string (a PostgreSQL database).";
        }

        if (Target == TargetKind.Cluster && string.IsNullOrWhiteSpace(ConnectionString) && GatewayPort is null)
        {
            yield return "--target cluster needs --connection-string (ADO.NET clustering) or --gateway-port (localhost gateway).";
        }

        if (MetricsUrls.Any(u => !u.IsAbsoluteUri || u.Scheme is not ("http" or "https")))
        {
            yield return "--metrics-url must be an absolute http or https URL, such as http://127.0.0.1:8081/metrics.";
        }

        if (Target == TargetKind.Http && Url is null)
        {
            yield return "--target http needs --url.";
        }

        if (Retry && Scenario is not (ScenarioKind.BulkUpdate or ScenarioKind.HotDecrement))
        {
            yield return "--retry applies to the bulk-update and hot-decrement scenarios.";
        }

        if (Webhook && (Scenario != ScenarioKind.BulkUpdate || Target == TargetKind.Http || ItemStorage == ItemStorageKind.AdoNet))
        {
            yield return "--webhook applies to the bulk-update scenario through the grain client (--target in-process or cluster) on the item store.";
        }

        if (Target == TargetKind.Http && Scenario is ScenarioKind.Mixed or ScenarioKind.Linearizability or ScenarioKind.Checkout)
        {
            yield return "The mixed, linearizability and checkout scenarios run through the grain client (--target in-process or cluster).";
        }
    }
}
