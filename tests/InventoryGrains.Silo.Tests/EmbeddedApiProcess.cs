using System.Globalization;
using System.Net;
using InventoryGrains.Testing;

namespace InventoryGrains.Silo.Tests;

/// <summary>The embedded API as a process of its own on a free port, started and ready to serve, for the browser tests.</summary>
public sealed class EmbeddedApiProcess : IAsyncDisposable
{
    private EmbeddedApiProcess(ServiceProcess process, string url)
    {
        Process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public ServiceProcess Process { get; }

    public string Url { get; }

    public HttpClient Http { get; }

    public string Output => Process.Output;

    public static async Task<EmbeddedApiProcess> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var api = new EmbeddedApiProcess(ServiceProcess.Start("embedded-api", "InventoryGrains.Api", new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url }), url);
        try
        {
            await Eventually.HoldsAsync(async () => (await api.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the API to be ready");
            return api;
        }
        catch (Exception exception)
        {
            var output = api.Output;
            await api.DisposeAsync();
            throw new InvalidOperationException($"The embedded API did not become ready:\n{output}", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
