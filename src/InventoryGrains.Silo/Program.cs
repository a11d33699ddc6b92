using InventoryGrains.Hosting;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;

if (args is ["setup-database", ..])
{
    // One-shot: create or update the database schema, then exit.
    var configuration = new ConfigurationBuilder()
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args[1..])
        .Build();
    var deployment = InventoryDeployment.From(configuration);
    await DatabaseSchema.ApplyAsync(deployment.RequireConnectionString());
    Console.WriteLine($"Database schema applied: {string.Join(", ", DatabaseSchema.ScriptNames)}.");
    return 0;
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddInventorySilo();
builder.Services.AddHostedService<SiloStartupReport>();

await builder.Build().RunAsync();
return 0;
