using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InventoryGrains.Api.Tests.Console;

/// <summary>A browser of the console over HTTP: it keeps cookies, follows no redirect, and posts forms with their antiforgery token.</summary>
public static partial class ConsoleSession
{
    public static HttpClient Browser(EmbeddedApiFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<(string Token, string Html)> FormAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        return (AntiforgeryToken().Match(html).Groups[1].Value, html);
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string? token = null)
    {
        token ??= (await FormAsync(browser, "/console/sign-in")).Token;
        return await browser.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = token,
            ["Key"] = key,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
