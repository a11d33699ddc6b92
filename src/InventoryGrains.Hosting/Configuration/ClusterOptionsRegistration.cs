using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InventoryGrains.Hosting.Configuration;

internal static class ClusterOptionsRegistration
{
    /// <summary>
    /// Registers <see cref="InventoryClusterOptions"/> (validated at start) and returns the values the
    /// Orleans builders need before the host exists.
    /// </summary>
    public static InventoryClusterOptions BindClusterOptions(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(InventoryClusterOptions.SectionName);
        builder.Services.AddValidatedOptions<InventoryClusterOptions, InventoryClusterOptionsValidator>(section);
        return section.Get<InventoryClusterOptions>() ?? new InventoryClusterOptions();
    }
}
