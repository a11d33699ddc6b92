using System.Globalization;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// The API in its embedded mode (silo + API in one process, in-memory state) on free ports, so
/// that several factories can run side by side. Extra settings model the configuration a
/// deployment would pass.
/// </summary>
public class EmbeddedApiFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public EmbeddedApiFactory() : this(new Dictionary<string, string>())
    {
    }

    protected EmbeddedApiFactory(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches the configuration before Program reads it to choose the host mode.
        builder.UseSetting("Inventory:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Inventory:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>The embedded mode with keys configured, so the development key must be off.</summary>
public sealed class ConfiguredKeysApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = "shop-one-secret",
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
    ["Inventory:ApiKeys:1:Key"] = "shop-two-secret",
    ["Inventory:ApiKeys:1:Tenant"] = "shop-2",
    ["Inventory:Http:MaxRequestBodyBytes"] = "200000",
});

/// <summary>The embedded mode with a small rate limit that also covers the Wix routes.</summary>
public sealed class RateLimitedApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = "limited-one",
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
    ["Inventory:ApiKeys:1:Key"] = "limited-two",
    ["Inventory:ApiKeys:1:Tenant"] = "shop-1",
    ["Inventory:ApiKeys:2:Key"] = "limited-three",
    ["Inventory:ApiKeys:2:Tenant"] = "shop-2",
    ["Inventory:RateLimit:PermitLimit"] = "3",
    ["Inventory:RateLimit:WindowSeconds"] = "3600",
    ["Inventory:RateLimit:AdditionalDialects:0"] = "Wix",
});
