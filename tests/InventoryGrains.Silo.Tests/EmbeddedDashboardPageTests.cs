using System.Globalization;
using System.Net;
using System.Text;
using InventoryGrains.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>The embedded mode's dashboard, opened in a real browser without a key.</summary>
[Collection(RealProcesses.Name)]
public sealed class EmbeddedDashboardPageTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task The_embedded_api_shows_the_orleans_dashboard_with_this_services_grain_types_without_a_key()
    {
        var chromium = HeadlessChromium.ExecutablePath;
        Skip.If(chromium is null, HeadlessChromium.Missing);

        await using var api = await EmbeddedApiProcess.StartAsync();
        var (url, http) = (api.Url, api.Http);
        try
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/create")
            {
                Content = new StringContent("""{"inventoryItems":[{"variantId":"v1","quantity":3}]}""", Encoding.UTF8, "application/json"),
            };
            create.Headers.Add("Authorization", "Bearer dev-key");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(create)).StatusCode);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium!);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
            await page.GotoAsync($"{url}/dashboard/#/grains");

            await Assertions.Expect(page).ToHaveTitleAsync("Orleans Dashboard");
            await Assertions.Expect(page.GetByText("InventoryItemGrain").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var screenshot = HeadlessChromium.ScreenshotPath("dashboard-embedded.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            Assert.True(new FileInfo(screenshot).Length > 0);
            output.WriteLine($"screenshot: {screenshot}");
        }
        finally
        {
            output.WriteLine(api.Output);
        }
    }
}
