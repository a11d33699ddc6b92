using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using InventoryGrains.Abstractions.Webhooks;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>
/// Posts signed deliveries, one silo-wide <see cref="HttpClient"/> with pooled connections. No
/// proxy and no redirects, and every connection checks the addresses it is about to use: a target
/// cannot be moved into a private network after it was registered.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeProvider _clock;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowPrivate = options.Value.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = options.Value.RequestTimeout };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("InventoryGrains-Webhooks", "1"));
        _clock = clock;
    }

    /// <returns>The receiver's status, or null with the reason when no answer came.</returns>
    public async Task<(int? Status, string? Error)> SendAsync(Uri url, string secret, string deliveryId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body.Span));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException exception)
        {
            return (null, exception.InnerException?.Message ?? exception.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {_client.Timeout.TotalSeconds:0.###} s.");
        }
    }

    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        // An IPv6 literal may come in its URL brackets.
        var addresses = IPAddress.TryParse(endpoint.Host.AsSpan().Trim("[]"), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        if (!allowPrivate && !addresses.All(WebhookTargets.IsPublic))
        {
            throw new HttpRequestException($"The host '{endpoint.Host}' resolves to a non-public address; webhooks must target public addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
