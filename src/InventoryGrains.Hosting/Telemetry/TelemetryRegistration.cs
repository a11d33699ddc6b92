using InventoryGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InventoryGrains.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for the service's hosts, registered once per process: metrics from ASP.NET Core,
/// the .NET runtime, Orleans and the service's own meters (every meter named <c>InventoryGrains.*</c>,
/// one per area, declared next to the code it measures); traces from ASP.NET Core, Orleans' grain
/// calls and the service's own sources. Prometheus scrapes <c>/metrics</c> where it is served; OTLP
/// exports all of it when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The meters and activity sources of the service's own areas (edge, coordinator, items, jobs, store).</summary>
    public const string OwnSources = "InventoryGrains.*";

    /// <summary>Orleans' meter: activations, messages, calls, storage, membership.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' spans of calls to application grains (its runtime's own calls would drown them).</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    public const string MetricsPath = "/metrics";

    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string OtlpTracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    private const string OtlpMetricsEndpointKey = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";

    /// <param name="serviceName">The <c>service.name</c> resource attribute, unless <c>OTEL_SERVICE_NAME</c> names another.</param>
    public static IHostApplicationBuilder AddInventoryTelemetry(this IHostApplicationBuilder builder, InventoryDeployment deployment, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(deployment);
        var configuration = builder.Configuration;
        var servesMetrics = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>()?.Enabled ?? deployment.IsEmbedded;
        var exportsOtlp = new[] { OtlpEndpointKey, OtlpTracesEndpointKey, OtlpMetricsEndpointKey }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
        builder.Services.AddSingleton(new MetricsEndpoint(servesMetrics));

        // What to collect is configured unconditionally and costs nothing by itself: a provider, and
        // with it the collection, exists only when something exports (Prometheus, OTLP, or a test's
        // in-memory exporter). Without one, no span is even created.
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(OrleansMeter)
            .AddMeter(OwnSources));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperationsRoute(context.Request.Path))
            .AddSource(OrleansApplicationSource)
            .AddSource(OwnSources));

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
            {
                resource.AddService(serviceName);
            }
        });
        if (servesMetrics)
        {
            // Every scrape reads the current values: the exporter's default caches a response for 300 ms.
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        if (exportsOtlp)
        {
            // Traces, metrics and logs, each to the endpoint and protocol the OTEL_EXPORTER_OTLP_* variables name.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c>, without a key, where <see cref="MetricsOptions.Enabled"/> (or the embedded mode) says so.</summary>
    public static IEndpointRouteBuilder MapInventoryMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<MetricsEndpoint>().Served)
        {
            endpoints.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().ExcludeFromDescription();
        }
        else
        {
            // Not served: 404 to anyone, so that no key is asked for a route that is not there.
            endpoints.MapGet(MetricsPath, () => Results.NotFound()).AllowAnonymous().ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>Routes that are polled (scrapes, health probes, the dashboard's refreshes): no span each.</summary>
    private static bool IsOperationsRoute(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(OrleansDiagnostics.DashboardPath, StringComparison.OrdinalIgnoreCase);

}

/// <summary>Whether this process serves the scrape endpoint, decided once when telemetry is registered.</summary>
public sealed record MetricsEndpoint(bool Served);
