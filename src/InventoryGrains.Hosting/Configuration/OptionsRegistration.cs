using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Hosting.Configuration;

public static class OptionsRegistration
{
    /// <summary>
    /// The one way options are registered: bound from <paramref name="section"/>, checked by their
    /// source-generated validator (data annotations, nested objects and list items included), and
    /// validated when the host starts, so a bad setting stops the process before it serves anything.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }
}
