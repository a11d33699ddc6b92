using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InventoryGrains.Testing;

/// <summary>
/// A webhook receiver for tests: a minimal Kestrel app on 127.0.0.1 that records every request
/// (headers and raw body) and answers what <see cref="Answer"/> says for it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _requests = [];
    private int _inFlight;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The URL to register.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The status to answer the request of this index (0 for the first); 200 unless set.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>How long it takes before answering: a slow receiver keeps a delivery in flight.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests it answered 2xx: the deliveries the service counts as acknowledged.</summary>
    public IReadOnlyList<ReceivedRequest> Acknowledged => [.. Requests.Where(request => request.AnsweredStatus is >= 200 and < 300)];

    /// <summary>Every change of the acknowledged deliveries, in the order they were received.</summary>
    public IReadOnlyList<(string ItemId, long Revision)> AcknowledgedChanges => [.. Acknowledged.SelectMany(request => request.ChangeKeys)];

    /// <summary>Requests received and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    /// <summary>Waits, without polling, until the requests received satisfy <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_requests)
            {
                arrived = _arrived.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout} for {what}; received {Requests.Count} requests, {AcknowledgedChanges.Count} changes acknowledged.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await RecordAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<IResult> RecordAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers;
        TaskCompletionSource arrived;
        int status;
        lock (_requests)
        {
            status = Answer(_requests.Count);
            _requests.Add(new ReceivedRequest(
                _requests.Count,
                headers["X-Inventory-Delivery"].ToString(),
                long.TryParse(headers["X-Inventory-Timestamp"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) ? timestamp : -1,
                headers["X-Inventory-Signature"].ToString(),
                context.Request.ContentType,
                buffer.ToArray(),
                status));
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.SetResult();
        if (Delay > TimeSpan.Zero)
        {
            // Recorded on arrival, answered later: a waiter woken by the arrival sees it in flight.
            await Task.Delay(Delay, context.RequestAborted);
        }

        return Results.StatusCode(status);
    }
}

/// <summary>One request a <see cref="WebhookReceiver"/> received, and the status it answered.</summary>
public sealed record ReceivedRequest(int Index, string DeliveryId, long Timestamp, string Signature, string? ContentType, byte[] Body, int AnsweredStatus)
{
    private readonly Lazy<JsonObject> _json = new(() => JsonNode.Parse(Body)!.AsObject());
    private readonly Lazy<IReadOnlyList<(string ItemId, long Revision)>> _keys = new(() =>
        [.. JsonNode.Parse(Body)!["changes"]!.AsArray().Select(change => (change!["itemId"]!.GetValue<string>(), change["revision"]!.GetValue<long>()))]);

    /// <summary>The body, parsed (a fresh copy each time is not needed: treat it as read-only).</summary>
    public JsonObject Json => _json.Value;

    public IReadOnlyList<JsonNode> Changes => [.. Json["changes"]!.AsArray().Select(change => change!)];

    /// <summary>Item id and revision of each change, in the delivery's order.</summary>
    public IReadOnlyList<(string ItemId, long Revision)> ChangeKeys => _keys.Value;
}
