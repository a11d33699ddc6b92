using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Console;
using InventoryGrains.Api.Dialects.Bspk;
using InventoryGrains.Api.Dialects.Crux;
using InventoryGrains.Api.Dialects.Stoq;
using InventoryGrains.Api.Dialects.Wix;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.Cursors;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Api.Edge.Text;
using InventoryGrains.Api.Hosting;
using InventoryGrains.Api.Operations;
using InventoryGrains.Api.RateLimiting;
using InventoryGrains.Api.Service;
using InventoryGrains.Hosting;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Health;
using InventoryGrains.Hosting.Networking;
using InventoryGrains.Hosting.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddServiceDefaults();

// The console's styles: from the build output's manifest when run from a build (any environment;
// the tests run it as Production), from wwwroot when published (no manifest: this does nothing).
builder.WebHost.UseStaticWebAssets();

var deployment = InventoryDeployment.From(builder.Configuration);
if (StartupPreflight.FindTakenPort(builder.Configuration, hostsSilo: deployment.Role == HostRole.Combined) is { } taken)
{
    return StartupPreflight.Fail("InventoryGrains API", taken);
}

_ = deployment.Role == HostRole.Client ? builder.AddInventoryClient() : builder.AddInventorySilo();
builder.AddInventoryTelemetry(deployment, "inventory-api");

builder.Services.AddValidatedOptions<RequestBodyOptions, RequestBodyOptionsValidator>(builder.Configuration.GetSection(RequestBodyOptions.SectionName));
builder.Services.AddDialects(WixDialect.Instance, StoqDialect.Instance, CruxDialect.Instance, BspkDialect.Instance);
builder.Services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(builder.Configuration.GetSection(RateLimitOptions.SectionName));
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RateLimitOptions>, RateLimitDialectsValidator>();
builder.Services.AddApiKeyAuthentication(builder.Configuration, deployment);
builder.Services.AddInventoryOperations(builder.Configuration, deployment);
builder.Services.AddIdempotency(builder.Configuration, deployment);
builder.Services.AddCursorSealing(deployment);
builder.Services.AddInventoryHealthChecks(deployment);
builder.Services.AddProblemDetails();
builder.Services.AddInventoryConsole();
builder.Services.AddInventoryOpenApi(StoqSchemaTransformer.Configure);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
builder.Services.AddHostedService<ApiStartupReport>();

// Binding failures reach RequestErrorMiddleware as exceptions, so that they get the dialect's shape.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

var app = builder.Build();

app.UseMiddleware<RequestErrorMiddleware>();

// An answer without a body (no such route, a method the route does not take) in the shape of the
// dialect whose prefix the path is under.
app.UseStatusCodePages(context => DialectErrors.WriteAsync(context.HttpContext, DialectError.ForStatus(context.HttpContext)));
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseMiddleware<ClusterRateLimitMiddleware>();
app.UseMiddleware<RequestTextMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();

app.MapServiceIndex();
app.MapInventoryHealthChecks();
app.MapInventoryMetrics();
app.MapInventoryDashboard();
app.MapInventoryApiReference();
app.MapTenantEndpoints();
app.MapItemJobEndpoints();
app.MapChangeEndpoints();
app.MapWebhookEndpoints();
app.MapQuantityEndpoints();
app.MapReservationEndpoints();
app.MapWixInventoryEndpoints();
app.MapStoqSellingPlanEndpoints();
app.MapCruxSkuEndpoints();
app.MapBspkInventoryEndpoints();
app.MapStaticAssets().AllowAnonymous();
app.MapInventoryConsole();

return await app.RunToExitCodeAsync("InventoryGrains API");

/// <summary>The entry point, visible to the HTTP tests.</summary>
public partial class Program;
