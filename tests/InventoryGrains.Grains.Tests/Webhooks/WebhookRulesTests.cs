using System.Net;
using System.Text;
using InventoryGrains.Abstractions.Webhooks;
using InventoryGrains.Grains.Webhooks;

namespace InventoryGrains.Grains.Tests.Webhooks;

/// <summary>The pure rules of webhooks: which targets are public, the signature, the retry timing.</summary>
public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::7f00:1")]
    [InlineData("::ffff:0:7f00:1")]
    [InlineData("::ffff:0:a00:1")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")]
    [InlineData("2001::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("100::1")]
    [InlineData("3fff::1")]
    [InlineData("5f00::1")]
    [InlineData("fec0::1")]
    [InlineData("::2")]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.1")]
    [InlineData("203.0.113.1")]
    [InlineData("192.88.99.1")]
    [InlineData("240.0.0.1")]
    [InlineData("198.19.0.1")]
    public void Loopback_private_link_local_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void Public_addresses_are_public(string address) =>
        Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("https://10.0.0.8/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://169.254.169.254/latest/meta-data", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://[::1]/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://[::127.0.0.1]/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://[::7f00:1]/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://[::ffff:0:7f00:1]/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://[::ffff:169.254.169.254]/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("http://localhost/hook", WebhookRefusalReason.NonPublicTarget)]
    [InlineData("ftp://93.184.216.34/hook", WebhookRefusalReason.InvalidUrl)]
    [InlineData("/relative/hook", WebhookRefusalReason.InvalidUrl)]
    [InlineData("http://user:pass@93.184.216.34/hook", WebhookRefusalReason.InvalidUrl)]
    [InlineData("not a url", WebhookRefusalReason.InvalidUrl)]
    public async Task Targets_outside_the_public_internet_and_urls_that_are_not_http_are_refused(string url, WebhookRefusalReason reason)
    {
        var refusal = await WebhookTargets.CheckAsync(url, allowPrivateNetworks: false);

        Assert.Equal(reason, refusal?.Reason);
    }

    [Fact]
    public async Task Private_targets_pass_when_allowed_but_urls_must_still_be_http()
    {
        Assert.Null(await WebhookTargets.CheckAsync("http://127.0.0.1:8080/hook", allowPrivateNetworks: true));
        Assert.Equal(WebhookRefusalReason.InvalidUrl, (await WebhookTargets.CheckAsync("file:///etc/passwd", allowPrivateNetworks: true))?.Reason);
        Assert.Null(await WebhookTargets.CheckAsync("https://93.184.216.34/hook", allowPrivateNetworks: false));
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_timestamp_dot_body_as_openssl_computes_it()
    {
        // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        const string OpenSsl = "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";
        var body = Encoding.UTF8.GetBytes("""{"a":1}""");

        Assert.Equal(OpenSsl, WebhookSignature.Sign("whsec_test", 1700000000, body));
        Assert.True(WebhookSignature.Verify("whsec_test", 1700000000, body, OpenSsl));
        Assert.False(WebhookSignature.Verify("whsec_other", 1700000000, body, OpenSsl));
        Assert.False(WebhookSignature.Verify("whsec_test", 1700000001, body, OpenSsl));
        Assert.False(WebhookSignature.Verify("whsec_test", 1700000000, body, null));
    }

    [Fact]
    public void Retries_wait_exponentially_longer_with_jitter_up_to_the_cap()
    {
        var options = new WebhookOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(60) };

        Assert.Equal(TimeSpan.FromSeconds(0.5), options.RetryDelay(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryDelay(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryDelay(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryDelay(2, 1));
        Assert.Equal(TimeSpan.FromSeconds(3), options.RetryDelay(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(7, 0));
        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryDelay(7, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryDelay(1000, 1));
    }
}
