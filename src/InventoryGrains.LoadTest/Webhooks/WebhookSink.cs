using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using InventoryGrains.Abstractions.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InventoryGrains.LoadTest.Webhooks;

/// <summary>
/// A webhook receiver in the load tool, on 127.0.0.1: it checks each delivery's signature and, per
/// item, that revisions arrive in order (a repeat of one already met is allowed: delivery is at
/// least once; a revision beyond the next is a gap), and answers 200.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, long> _lastRevision = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _deliveries;
    private long _changes;
    private long _repeats;

    private WebhookSink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The webhook's secret, once registered: every delivery's signature is checked with it.</summary>
    public string? Secret { get; set; }

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/", (Func<HttpContext, Task<IResult>>)sink.ReceiveAsync);
        await app.StartAsync();
        sink.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return sink;
    }

    /// <summary>
    /// Waits until every item has arrived up to the given revision (or <paramref name="patience"/>
    /// passed) and reports what arrived: how long after the call the last one came is the
    /// delivery's lag behind the load.
    /// </summary>
    public async Task<WebhookFigures> WaitForAsync(IReadOnlyDictionary<string, long> revisions, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(patience);
        var caughtUp = false;
        while (true)
        {
            Task arrived;
            lock (_lastRevision)
            {
                arrived = _arrived.Task;
                caughtUp = revisions.All(item => _lastRevision.GetValueOrDefault(item.Key) >= item.Value);
            }

            if (caughtUp)
            {
                break;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        lock (_lastRevision)
        {
            var problems = new List<string>(_problems);
            if (!caughtUp)
            {
                var behind = revisions.Where(item => _lastRevision.GetValueOrDefault(item.Key) < item.Value).ToList();
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{behind.Count} items had not arrived up to their revision {patience.TotalSeconds:N0} s after the load, e.g. {behind[0].Key} at {_lastRevision.GetValueOrDefault(behind[0].Key)} of {behind[0].Value}"));
            }

            return new WebhookFigures(_deliveries, _changes, _repeats, caughtUp ? clock.Elapsed.TotalSeconds : null, problems);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        // Bodies of hundreds of changes: read into a pooled buffer, not a growing MemoryStream.
        var length = checked((int)(context.Request.ContentLength ?? throw new BadHttpRequestException("A delivery has a Content-Length.")));
        var body = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await context.Request.Body.ReadExactlyAsync(body.AsMemory(0, length), context.RequestAborted);
            Record(context.Request.Headers, body.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        return Results.Ok();
    }

    private void Record(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var signed = long.TryParse(headers[WebhookSignature.TimestampHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            && Secret is { } secret && WebhookSignature.Verify(secret, timestamp, body, headers[WebhookSignature.SignatureHeader].ToString());
        var changes = Changes(body);
        TaskCompletionSource arrived;
        lock (_lastRevision)
        {
            _deliveries++;
            if (!signed && _problems.Count < 20)
            {
                _problems.Add($"delivery {headers[WebhookSignature.DeliveryHeader]}: the signature does not verify");
            }

            foreach (var (item, revision) in changes)
            {
                _changes++;
                var last = _lastRevision.GetValueOrDefault(item);
                if (revision <= last)
                {
                    _repeats++;
                }
                else if (revision == last + 1)
                {
                    _lastRevision[item] = revision;
                }
                else if (_problems.Count < 20)
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{item}: revision {revision} arrived after {last}"));
                    _lastRevision[item] = revision;
                }
            }

            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.SetResult();
    }

    /// <summary>Item id and revision of each change, read without building a document: the receiver shares the machine it measures.</summary>
    private static List<(string ItemId, long Revision)> Changes(ReadOnlySpan<byte> body)
    {
        // Depths: the body 0, its properties and the changes array 1, a change 2, a change's properties 3.
        var changes = new List<(string, long)>();
        var reader = new Utf8JsonReader(body);
        string? item = null;
        long revision = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 3)
            {
                if (reader.ValueTextEquals("itemId"u8))
                {
                    reader.Read();
                    item = reader.GetString();
                }
                else if (reader.ValueTextEquals("revision"u8))
                {
                    reader.Read();
                    revision = reader.GetInt64();
                }
            }
            else if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 2)
            {
                changes.Add((item ?? throw new JsonException("A change without itemId."), revision));
                item = null;
            }
        }

        return changes;
    }
}

/// <param name="CatchUpSeconds">How long after the load ended the last change arrived; null when not all did.</param>
/// <param name="Problems">Signatures that did not verify, revisions out of order, changes that never arrived.</param>
public sealed record WebhookFigures(long Deliveries, long Changes, long Repeats, double? CatchUpSeconds, IReadOnlyList<string> Problems);
