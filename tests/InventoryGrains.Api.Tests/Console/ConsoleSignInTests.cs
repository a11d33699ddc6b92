using System.Net;
using System.Text.RegularExpressions;

namespace InventoryGrains.Api.Tests.Console;

/// <summary>The console's sign-in over HTTP: the key becomes a cookie of its tenant, every form needs its antiforgery token.</summary>
public sealed partial class ConsoleSignInTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private HttpClient Browser() => ConsoleSession.Browser(factory);

    private static Task<(string Token, string Html)> FormAsync(HttpClient browser, string path) => ConsoleSession.FormAsync(browser, path);

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string? token = null) => ConsoleSession.SignInAsync(browser, key, token);

    [Fact]
    public async Task A_page_asked_for_without_signing_in_sends_the_browser_to_sign_in_and_back_after()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync("/console/items?q=mug");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/console/sign-in?ReturnUrl=%2Fconsole%2Fitems%3Fq%3Dmug", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("/console/items?q=mug", InventoryGrains.Api.Console.ConsoleRegistration.LocalReturnPath("/console/items?q=mug"));
        Assert.Equal("/console/items", InventoryGrains.Api.Console.ConsoleRegistration.LocalReturnPath("https://evil.example/console/x"));
        Assert.Equal("/console/items", InventoryGrains.Api.Console.ConsoleRegistration.LocalReturnPath("//evil.example/console/x"));
    }

    [Fact]
    public async Task A_key_becomes_an_http_only_strict_cookie_of_its_tenant_that_holds_no_key()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, "shop-one-secret");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/items", response.Headers.Location!.AbsolutePath);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), header => header.StartsWith("inventory-console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("shop-one-secret", cookie, StringComparison.Ordinal);
        var items = await browser.GetStringAsync("/console/items");
        Assert.Contains("<strong>shop-1</strong>", items, StringComparison.Ordinal);
        Assert.DoesNotContain("shop-one-secret", items, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_a_clear_message_and_no_cookie()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, "not-a-key");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That key is not valid.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("inventory-console=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_changes_nothing()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, "shop-one-secret", token: "forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("inventory-console=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_console_pages_and_their_styles_are_served_with_caching_headers_for_the_assets_only()
    {
        using var browser = Browser();
        var (_, html) = await FormAsync(browser, "/console/sign-in");
        var stylesheet = StyleSheet().Match(html).Groups[1].Value;

        using var css = await browser.GetAsync("/" + stylesheet);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".grid", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(css.Headers.CacheControl);
        Assert.NotNull(css.Headers.ETag);
        Assert.DoesNotContain("development key", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"/?([^\"]+)\"")]
    private static partial Regex StyleSheet();
}
