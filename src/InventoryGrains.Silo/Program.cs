using InventoryGrains.Hosting;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using InventoryGrains.Hosting.Health;
using InventoryGrains.Hosting.Networking;
using InventoryGrains.Hosting.Telemetry;

if (args is ["setup-database", ..])
{
    // One-shot: create or update the database schema, then exit.
    var configuration = new ConfigurationBuilder()
        .AddEnvironmentVariables()
        .AddCommandLine(args[1..])
        .Build();
    var connectionString = configuration.GetConnectionString(InventoryDeployment.ConnectionStringName);
    if (string.IsNullOrWhiteSpace(connectionString))
    {
        await Console.Error.WriteLineAsync(
            $"setup-database: no connection string: set ConnectionStrings__{InventoryDeployment.ConnectionStringName} (e.g. 'Host=127.0.0.1;Port=5432;Username=inventory;Password=…;Database=inventory').");
        return 2;
    }

    var connections = configuration.GetSection(DatabaseConnectionOptions.SectionName).Get<DatabaseConnectionOptions>() ?? new DatabaseConnectionOptions();
    if (new DatabaseConnectionOptionsValidator().Validate(null, connections) is { Failed: true } invalid)
    {
        await Console.Error.WriteLineAsync($"setup-database: {invalid.FailureMessage}");
        return 2;
    }

    try
    {
        var created = await DatabaseSetup.RunAsync(connectionString);
        Console.WriteLine($"{(created ? "Database created; schema" : "Database schema")} applied: {string.Join(", ", DatabaseSchema.ScriptNames)}.");

        // The deployment's connections against the server's slots: a warning, never a failure.
        var limits = await DatabaseSetup.ReadConnectionLimitsAsync(connectionString);
        Console.WriteLine(ConnectionBudget.Summary(connections, limits));
        var who = ConnectionBudget.Processes(connections.ExpectedSilos, connections.ExpectedApis);
        if (ConnectionBudget.Warning(who, connections.DeploymentBudget(connections.ExpectedSilos, connections.ExpectedApis), limits) is { } warning)
        {
            await Console.Error.WriteLineAsync($"setup-database: warning: {warning}");
        }

        return 0;
    }
    catch (DatabaseSetupException exception)
    {
        await Console.Error.WriteLineAsync($"setup-database: {exception.Message}");
        return 1;
    }
}

if (args is ["probe", var url])
{
    return await HealthProbe.RunAsync(url);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddServiceDefaults();
if (StartupPreflight.FindTakenPort(builder.Configuration, hostsSilo: true) is { } taken)
{
    return StartupPreflight.Fail("InventoryGrains silo", taken);
}

var deployment = builder.AddInventorySilo();
builder.AddInventoryTelemetry(deployment, "inventory-silo");
builder.Services.AddInventoryHealthChecks(deployment);
builder.Services.AddHostedService<SiloStartupReport>();

// The silo's own HTTP endpoint serves only health and metrics: it listens where --urls or
// ASPNETCORE_URLS say, and otherwise on a loopback port the system picks, so that any number of
// silos can run on one machine without choosing ports for it.
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
}

var app = builder.Build();
app.MapInventoryHealthChecks();
app.MapInventoryMetrics();
return await app.RunToExitCodeAsync("InventoryGrains silo");
