using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using InventoryGrains.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The API reference page of the embedded API, in a real browser: it loads nothing from another
/// host, offers no feature of an online service, and a request sent from it goes to the service's
/// own address without an idempotency key the caller did not choose.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class ApiReferencePageTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task The_reference_page_works_offline_and_sends_a_test_request_as_the_caller_wrote_it()
    {
        var chromium = HeadlessChromium.ExecutablePath;
        Skip.If(chromium is null, HeadlessChromium.Missing);

        await using var api = await EmbeddedApiProcess.StartAsync();
        var (url, http) = (api.Url, api.Http);
        try
        {

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium!);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
            var elsewhere = new ConcurrentBag<string>();
            var sent = new ConcurrentBag<string>();
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(url, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                {
                    elsewhere.Add(request.Url);
                }

                sent.Add(request.Url);
            };

            await page.GotoAsync($"{url}/scalar/v1", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await Assertions.Expect(page.GetByText("InventoryGrains API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var text = await page.InnerTextAsync("body");
            foreach (var online in new[] { "Ask AI", "Generate SDK", "Deploy", "Open API Client" })
            {
                Assert.DoesNotContain(online, text, StringComparison.Ordinal);
            }

            // A change sent from the page: the Wix bulk create, with the body the page proposes.
            await page.GotoAsync($"{url}/scalar/v1#tag/wix/POST/stores/v3/bulk/inventory-items/create", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (post /stores/v3/bulk/inventory-items/create)", Exact = true }).ClickAsync();
            var client = page.GetByRole(AriaRole.Dialog, new() { Name = "API Client" });
            await client.WaitForAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.ScreenshotPath("api-reference-test-request.png") });
            var request = await page.RunAndWaitForRequestAsync(
                () => client.GetByRole(AriaRole.Button, new() { Name = "Send post request to" }).ClickAsync(),
                candidate => candidate.Url.Contains("/bulk/inventory-items/create", StringComparison.Ordinal));
            Assert.Equal(200, (await request.ResponseAsync())?.Status);

            Assert.Equal($"{url}/stores/v3/bulk/inventory-items/create", request.Url);
            var headers = await request.AllHeadersAsync();
            Assert.False(headers.ContainsKey("idempotency-key"), $"the page sent Idempotency-Key: {headers.GetValueOrDefault("idempotency-key")}");
            Assert.True(elsewhere.IsEmpty, "requests to other hosts: " + string.Join(", ", elsewhere.Distinct()));
        }
        finally
        {
            output.WriteLine(api.Output);
        }
    }
}
