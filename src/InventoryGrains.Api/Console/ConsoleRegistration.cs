using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Console.Components;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace InventoryGrains.Api.Console;

/// <summary>
/// The console: server-rendered pages at <c>/console</c> where an operator sees and changes a
/// tenant's inventory. An API key entered once becomes a cookie that names the key's tenant (never
/// the key); every form carries an antiforgery token. The pages call the same grains as the HTTP
/// routes, in this process.
/// </summary>
public static class ConsoleRegistration
{
    public const string Scheme = "Console";
    public const string Policy = "Console";
    public const string Root = "/console";
    public const string SignInPath = Root + "/sign-in";

    public static IServiceCollection AddInventoryConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "inventory-console";
            options.Cookie.Path = Root;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = SignInPath;
            options.AccessDeniedPath = SignInPath;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireClaim(TenantClaims.Tenant));
        return services;
    }

    public static WebApplication MapInventoryConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorComponents<ConsoleApp>();
        app.MapItemExport();
        app.MapItemLive();
        return app;
    }

    /// <summary>Where to go after signing in: a console page the request named, or the items.</summary>
    public static string LocalReturnPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } path && path.StartsWith(Root + "/", StringComparison.Ordinal) && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal)
            ? path
            : Root + "/items";
}
