using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InventoryGrains.Hosting.Configuration;

internal static class ClusterSettingsRegistration
{
    /// <summary>
    /// Registers <see cref="ClusterSettings"/> (validated at start) and returns the values the
    /// Orleans builders need before the host exists.
    /// </summary>
    public static ClusterSettings BindClusterSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterSettings>()
            .Bind(builder.Configuration.GetSection(ClusterSettings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var settings = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        return settings;
    }
}
