using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace InventoryGrains.Hosting.Configuration;

public static class ConfigurationDefaults
{
    /// <summary>
    /// The service's defaults, beneath every other source (so any setting, file, variable or
    /// argument overrides them), and the same wherever the process is started from: a host run as
    /// <c>dotnet path/to/InventoryGrains.Silo.dll</c> from another directory finds no settings file,
    /// and must not log differently for it.
    /// </summary>
    public static IConfigurationBuilder AddServiceDefaults(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Orleans"] = "Warning",
                ["Logging:LogLevel:Polly"] = "Warning",
            },
        });
        return configuration;
    }
}
