using System.Globalization;
using System.Net;
using System.Text;
using Deque.AxeCore.Playwright;
using InventoryGrains.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>The console of the embedded API, used in a real browser the way an operator would.</summary>
[Collection(RealProcesses.Name)]
public sealed class EmbeddedConsolePageTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task An_operator_signs_in_finds_an_item_changes_it_with_a_stale_value_then_a_fresh_one_reads_its_ledger_and_confirms_a_reservation_and_registers_a_webhook()
    {
        var chromium = HeadlessChromium.ExecutablePath;
        Skip.If(chromium is null, HeadlessChromium.Missing);

        await using var api = await EmbeddedApiProcess.StartAsync();
        var (url, http) = (api.Url, api.Http);
        try
        {
            var item = $"mug-{Guid.NewGuid():N}"[..16];
            using var create = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/create")
            {
                Content = new StringContent($$"""{"inventoryItems":[{"id":"{{item}}","variantId":"v-{{item}}","productId":"p-mugs","quantity":5},{"variantId":"v-other","quantity":1}]}""", Encoding.UTF8, "application/json"),
            };
            create.Headers.Add("Authorization", "Bearer dev-key");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(create)).StatusCode);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium!);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
            var page = await context.NewPageAsync();

            // Not signed in: the console sends the browser to its sign-in page, which names the embedded key.
            await page.GotoAsync($"{url}/console/items");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
            await Assertions.Expect(page.GetByText("development key")).ToBeVisibleAsync();
            await CheckAsync(page, "console-sign-in.png");

            await page.GetByLabel("API key").FillAsync("not-a-key");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That key is not valid. Check it and try again.");

            await page.GetByLabel("API key").FillAsync("dev-key");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Items" })).ToBeVisibleAsync();
            var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "inventory-console");
            Assert.True(cookie.HttpOnly);
            Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
            Assert.DoesNotContain("dev-key", cookie.Value, StringComparison.Ordinal);

            // Search, then open the item.
            await page.GetByLabel("Search").FillAsync(item[..10]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            var row = page.Locator("tbody tr");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToContainTextAsync("p-mugs");
            Assert.DoesNotContain("dev-key", await page.ContentAsync(), StringComparison.Ordinal);
            await CheckAsync(page, "console-items.png");
            await page.GetByRole(AriaRole.Link, new() { Name = item }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-quantity=available]")).ToHaveTextAsync("5");

            // Someone else sells two while the operator looks: the operator's "it is now 5" is stale.
            using var sell = new HttpRequestMessage(HttpMethod.Post, "/v1/inventory-quantities/adjust")
            {
                Content = new StringContent($$"""{"name":"available","reason":"correction","changes":[{"itemId":"{{item}}","delta":-2,"changeFromQuantity":null}]}""", Encoding.UTF8, "application/json"),
            };
            sell.Headers.Add("Authorization", "Bearer dev-key");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(sell)).StatusCode);

            await page.GetByLabel("Change by").FillAsync("4");
            await page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync("received");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing changed: Available is 3 now, not 5.");
            await Assertions.Expect(page.Locator("[data-quantity=available]")).ToHaveTextAsync("3");
            await Assertions.Expect(page.GetByLabel("It is now")).ToHaveValueAsync("3");

            await page.GetByLabel("Change by").FillAsync("4");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Available changed by 4: now 7.");
            await Assertions.Expect(page.Locator("[data-quantity=available]")).ToHaveTextAsync("7");

            // A change made elsewhere shows on the open page within 2 s, without a reload.
            using var damage = new HttpRequestMessage(HttpMethod.Post, "/v1/inventory-quantities/adjust")
            {
                Content = new StringContent($$"""{"name":"damaged","reason":"damaged","changes":[{"itemId":"{{item}}","delta":1,"changeFromQuantity":0}]}""", Encoding.UTF8, "application/json"),
            };
            damage.Headers.Add("Authorization", "Bearer dev-key");
            var shownAt = page.Url;
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(damage)).StatusCode);
            await Assertions.Expect(page.Locator("[data-quantity=damaged]")).ToHaveTextAsync("1", new() { Timeout = 2_000 });
            await Assertions.Expect(page.Locator("[data-quantity=onHand]")).ToHaveTextAsync("8");
            await Assertions.Expect(page.Locator("#live-note")).ToHaveTextAsync("Changed elsewhere: now at revision 4.");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Available changed by 4: now 7.");
            Assert.Equal(shownAt, page.Url);

            // The ledger holds both changes, newest first, and filters by reason; the chart draws them.
            await page.GotoAsync(page.Url);
            var ledger = page.Locator("table.ledger tbody tr");
            await Assertions.Expect(ledger.First).ToContainTextAsync("damaged");
            await Assertions.Expect(page.Locator("svg.chart polyline")).ToHaveCountAsync(1);
            await CheckAsync(page, "console-item.png");
            await page.Locator("#ledger-reason").SelectOptionAsync("received");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Assertions.Expect(ledger).ToHaveCountAsync(1);

            // A checkout's hold, confirmed from the console: the item's stock moves to committed.
            using var hold = new HttpRequestMessage(HttpMethod.Post, "/v1/reservations")
            {
                Content = new StringContent($$"""{"id":"chk-{{item}}","lines":[{"itemId":"{{item}}","quantity":2}],"reference":"gid://shop/Checkout/9"}""", Encoding.UTF8, "application/json"),
            };
            hold.Headers.Add("Authorization", "Bearer dev-key");
            Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(hold)).StatusCode);
            await page.GetByRole(AriaRole.Link, new() { Name = "Reservations" }).ClickAsync();
            await page.GetByLabel("Status").SelectOptionAsync("held");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await Assertions.Expect(page.Locator("table.reservations tbody tr")).ToContainTextAsync("gid://shop/Checkout/9");
            await CheckAsync(page, "console-reservations.png");
            await page.GetByRole(AriaRole.Link, new() { Name = $"chk-{item}" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The reservation is confirmed.");
            await Assertions.Expect(page.Locator("[data-status]")).ToHaveTextAsync("confirmed");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm" })).ToHaveCountAsync(0);
            await CheckAsync(page, "console-reservation.png");
            await page.GetByRole(AriaRole.Link, new() { Name = item }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-quantity=available]")).ToHaveTextAsync("5");
            await Assertions.Expect(page.Locator("[data-quantity=committed]")).ToHaveTextAsync("2");

            // A webhook registered from the console: its secret is shown once, then never again.
            await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
            await page.GetByLabel("URL").FillAsync($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/inventory-hook");
            await page.GetByLabel("Description").FillAsync("console test");
            await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
            var secret = await page.Locator("code.secret").TextContentAsync();
            Assert.False(string.IsNullOrWhiteSpace(secret));
            var registered = page.Locator("table.webhooks tbody tr");
            await Assertions.Expect(registered).ToHaveCountAsync(1);
            await CheckAsync(page, "console-webhooks.png");
            await page.GotoAsync($"{url}/console/webhooks");
            Assert.DoesNotContain(secret!, await page.ContentAsync(), StringComparison.Ordinal);
            await registered.GetByRole(AriaRole.Link).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Webhook");
            await page.GotoAsync($"{url}/console/webhooks");
            await registered.GetByRole(AriaRole.Button).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
            await Assertions.Expect(registered).ToHaveCountAsync(0);

            // Signed out, the console asks for the key again.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await page.GotoAsync($"{url}/console/items");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        }
        finally
        {
            output.WriteLine(api.Output);
        }
    }

    /// <summary>A screenshot of the page, and no serious accessibility violation on it (axe-core).</summary>
    private async Task CheckAsync(IPage page, string screenshot)
    {
        var path = HeadlessChromium.ScreenshotPath(screenshot);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        var results = await page.RunAxe();
        var serious = results.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(violation => $"{violation.Id}: {violation.Help} ({string.Join(", ", violation.Nodes.Select(node => string.Join(" ", node.Target)))})")));
    }
}
